"""`python -m register.auth.access_report` prints the rows docs/access.md lacks."""

from register.auth.access_matrix import parse_matrix
from register.auth.access_report import main


def test_report_prints_missing_rows_as_markdown(tmp_path, capsys):
    doc = tmp_path / "access.md"
    doc.write_text(
        "| `auth.login` | GET | `/aanmelden` | `public` | public | yes | yes | yes | yes | yes |\n"
    )
    assert main(["--doc", str(doc)]) == 0
    out, err = capsys.readouterr()
    rows = parse_matrix(out)
    assert ("auth.login", "GET") not in rows
    users = rows[("users.index", "GET")]
    assert users.rule == "can_manage_users"
    assert users.cells == {
        "anonymous": "sign-in",
        "admin": "yes",
        "privacy": "no",
        "auditor": "no",
        "cm_own": "no",
        "cm_other": "no",
    }
    assert rows[("auth.set_password", "POST")].cells["anonymous"] == "public"
    assert "## users" in out
    assert "row(s) missing from docs/access.md" in err


def test_report_names_stale_rows(tmp_path, capsys):
    doc = tmp_path / "access.md"
    doc.write_text(
        "| `gone.away` | GET | `/weg` | `signed_in` | sign-in | yes | yes | yes | yes | yes |\n"
    )
    main(["--doc", str(doc)])
    assert (
        "stale row in docs/access.md (no such endpoint): gone.away GET" in capsys.readouterr().err
    )
