"""Importing a workbook: an untrusted upload becomes activities, all or nothing.

The way of one import (``services.import_register``; ``preview_import`` stops after step 5)::

    upload.check_upload          size, zip bomb and DTD checks before any XML parser runs
      -> reader.read_sheets      plain rows per sheet (openpyxl, read-only)
      -> parse_workbook          per sheet: which layout (``layouts``: ours, Fides, Kennisnet)
           parse_activities      rows -> canonical records (cells read by ``values``,
           parse_schools           lengths from ``limits``), every problem an ``Issue``
      -> plan.build_plan         compared with the database (``references``: terms, parties,
                                   products found, new or changed): what would change
      -> apply.apply_plan        references first, then every activity through the
                                   activities service (``ImportCommand.from_record`` ->
                                   ``register.activities.services.import_activities``)

Between the preview and the confirmation the file waits server-side in ``staging``. The
columns and cell conventions are shared with the exports (``register.exchange.columns``,
``register.exchange.cells``).
"""
