"""`flask --app register mail-sink`: catch all mail locally (development)."""

from __future__ import annotations

import time

import click
from flask import current_app

from register.mail.sink import CollectingHandler, sink_folder, start_sink


@click.command("mail-sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True)
def mail_sink_command(host: str, port: int) -> None:
    """Run a local SMTP server that keeps every message in instance/mail/ (development)."""
    if current_app.config["REGISTER_ENV"] == "production":
        raise click.ClickException("The mail sink is for development; production sends mail.")
    folder = sink_folder(current_app)
    controller = start_sink(CollectingHandler(folder=folder, keep=False), host, port)
    click.echo(f"Catching mail on smtp://{host}:{controller.port} into {folder}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
