"""A data root stays inside itself, and messages quote a file only in short, clean excerpts.

A pull request can add a link: `plans/x.yaml -> /etc/shadow`, `actuals/x.csv ->
~/.git-credentials`. Followed, the CI machine's files would be read and their lines printed
in a public log. Links out of the data root are refused (TRK413) without being read;
links inside it are followed. And whatever a file holds, no message shows more than
EXCERPT_CHARS characters of it in one piece.
"""

from __future__ import annotations

import secrets
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_support import VALID_ROOT, Ran, Root, give_to_nobody, run_tracker

TOKEN = "ghp_" + "Q7xV2mK9pL4sT8wZ1cR6nB3yH5jD0fG2aE9u"
CREDENTIALS = f"https://ci-bot:{TOKEN}@github.com\n"
SHADOW = "root:$6$saltsalt$" + "x" * 40 + ":19000:0:99999:7:::\nci:$6$pepper$" + "y" * 40 + ":19000:0:99999:7:::\n"


def _leaked(ran: Ran, secret: str) -> list[str]:
    """The lines of the secret (each at least 8 characters) that appear in the output."""
    return [line for line in secret.splitlines() for piece in (line[:8], line[-8:]) if piece in ran.out + ran.err]


def test_a_plan_linked_to_a_file_outside_is_refused_unread(
    tracker: Callable[..., Ran], hostile_root: Root, outside_dir: Path
) -> None:
    secret = outside_dir / "shadow"
    secret.write_text(SHADOW, encoding="utf-8")
    (hostile_root.path / "plans" / "x.yaml").symlink_to(secret)
    (hostile_root.path / "shared").mkdir()
    (hostile_root.path / "shared" / "demo.yaml").write_bytes(hostile_root.plan.read_bytes())
    hostile_root.plan.unlink()
    hostile_root.plan.symlink_to(Path("..") / "shared" / "demo.yaml")  # a link inside the root: followed
    for args in (["validate"], ["status"], ["check"], ["report", "--out", "-"]):
        ran = tracker(*args, "--data", str(hostile_root.path))
        assert ran.code == 2, ran
        refused = "plans/x.yaml: TRK413 this is a link to a file outside the data root (or into its .git/)"
        assert f"{refused}; tracker does not follow it" in ran.out + ran.err, ran
        assert _leaked(ran, SHADOW) == [], ran
    validate = tracker("validate", "--data", str(hostile_root.path))
    assert validate.out.count("TRK") == 1, validate  # the link inside the root was read, and is fine


def test_a_csv_linked_to_credentials_never_prints_the_token(
    tracker: Callable[..., Ran], hostile_root: Root, outside_dir: Path
) -> None:
    secret = outside_dir / ".git-credentials"
    secret.write_text(CREDENTIALS, encoding="utf-8")
    (hostile_root.path / "actuals" / "x.csv").symlink_to(secret)
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert ran.code == 2, ran
    assert "actuals/x.csv: TRK413" in ran.out and TOKEN[:8] not in ran.out + ran.err, ran


def test_a_link_into_the_repositorys_git_folder_is_refused(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """actions/checkout keeps a token in .git/config, inside the data root when the repository is one."""
    git = hostile_root.path / ".git"
    git.mkdir()
    (git / "config").write_text(
        f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {TOKEN}\n', encoding="utf-8"
    )
    (hostile_root.path / "actuals" / "config.csv").symlink_to(Path("..") / ".git" / "config")
    (hostile_root.path / "plans" / "config.yaml").symlink_to(Path("..") / ".git" / "config")
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert ran.code == 2, ran
    assert "actuals/config.csv: TRK413" in ran.out and "plans/config.yaml: TRK413" in ran.out, ran
    assert TOKEN[:8] not in ran.out + ran.err and "AUTHORIZATION" not in ran.out, ran


@pytest.mark.parametrize(("name", "what"), [("plans", "folder"), ("actuals", "folder"), ("indicators.yaml", "file")])
def test_data_folders_and_the_catalog_linked_outside_are_refused(
    tracker: Callable[..., Ran], hostile_root: Root, outside_dir: Path, name: str, what: str
) -> None:
    """The link is the data root's own folder (or catalog): the whole root is refused."""
    moved = outside_dir / name
    (hostile_root.path / name).rename(moved)
    (hostile_root.path / name).symlink_to(moved, target_is_directory=moved.is_dir())
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert ran.code == 2, ran
    shown = f"{name}/" if what == "folder" else name
    assert (
        f"{shown}: TRK413 this is a link to a {what} outside the data root (or into its .git/)" in ran.out + ran.err
    ), ran


def test_as_an_unprivileged_user_a_link_to_its_own_credentials_is_refused(
    as_user: list[str], public_dir: Path, outside_dir: Path
) -> None:
    """CI runs as a user whose credentials that user can read: the link is refused, not read."""
    secret = outside_dir / ".git-credentials"
    secret.write_text(CREDENTIALS, encoding="utf-8")
    give_to_nobody(outside_dir)
    secret.chmod(0o600)  # readable by nobody (the user) only, as ~/.git-credentials is
    root = public_dir / "root"
    shutil.copytree(VALID_ROOT, root)
    (root / "actuals" / "x.csv").symlink_to(secret)
    (root / "plans" / "y.yaml").symlink_to("/etc/shadow")  # unreadable to this user: still TRK413, not TRK100
    give_to_nobody(public_dir)
    ran = run_tracker("validate", "--data", str(root), cwd=public_dir, prefix=as_user)
    assert ran.code == 2, ran
    assert "actuals/x.csv: TRK413" in ran.out and "plans/y.yaml: TRK413" in ran.out, ran
    assert TOKEN[:8] not in ran.out + ran.err and "Permission denied" not in ran.out, ran


def _secret(length: int) -> str:
    """Text no message could make up: random lower-case letters and digits, no spaces (column
    names are shown in lower case, so an upper-case secret would hide what they print)."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _longest_run(output: str, secret: str) -> int:
    """The longest piece of `secret` that appears in `output` in one go."""
    best, low, high = 0, 1, len(secret)
    while low <= high:  # a piece of length n appears => every shorter one does: search the length
        middle = (low + high) // 2
        pieces = {secret[i : i + middle] for i in range(len(secret) - middle + 1)}
        if any(output[i : i + middle] in pieces for i in range(len(output) - middle + 1)):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return best


def test_no_message_quotes_more_of_a_file_than_an_excerpt(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """Measured: a long text from a file in every place a message quotes one (header, column, value,
    year, qualifier, indicator, region, unknown key, target, id), and the longest piece of it printed."""
    secret = _secret(3000)
    root = hostile_root.path
    hostile_root.write("actuals/header.csv", f"region,indicator,year,{secret[:2000]}\n示例县,x,2020,1\n")
    hostile_root.write("actuals/columns.csv", f"region,indicator,year,value,{secret[:1500]}\n")
    cells = [secret[i * 300 : (i + 1) * 300] for i in range(6)]
    hostile_root.write(
        "actuals/cells.csv",
        "region,indicator,year,value,qualifier\n"
        f"示例县,preschool_gross_enrolment_rate,2022,{cells[0]},\n"
        f"示例县,preschool_gross_enrolment_rate,{cells[1]},95,\n"
        f"示例县,preschool_gross_enrolment_rate,2022,95,{cells[2]}\n"
        f"示例县,{cells[3]},2022,95,\n"
        f"{cells[4]},preschool_gross_enrolment_rate,2022,95,\n",
    )
    hostile_root.replace_in(hostile_root.plan, "region: 示例县", f"region: 示例县\n{cells[5]}: 1")
    hostile_root.write(
        "plans/other.yaml",
        f"id: other\ntitle: t\nregion: r\nperiod: {{start: 2021, end: 2025}}\ntargets:\n"
        f"  - id: {secret[1800:2100]}\n    indicator: {secret[2100:2400]}\n"
        f"    target: '>= {secret[2400:2700]}'\n",
    )
    ran = tracker("validate", "--data", str(root))
    assert ran.code == 2, ran
    assert ran.out.count("\n") >= 8, ran  # every place above gave a message
    from tracker.limits import EXCERPT_CHARS

    assert _longest_run(ran.out + ran.err, secret) <= EXCERPT_CHARS, ran
    assert all(len(line) < 400 for line in ran.out.splitlines()), ran


def test_excerpts_show_escape_sequences_as_text(tracker: Callable[..., Ran], hostile_root: Root) -> None:
    """An excerpt is clean too: an unknown column holding a terminal escape prints it as \\x1b."""
    hostile_root.write(
        "actuals/demo.csv",
        hostile_root.csv.read_text(encoding="utf-8").replace("note", "note,\x1b]0;owned\x07\x1b[2J", 1),
    )
    ran = tracker("validate", "--data", str(hostile_root.path))
    assert "\x1b" not in ran.out and "\x07" not in ran.out, ran
    # the column as written (its case kept), escaped
    assert "column '\\x1b]0;owned\\x07\\x1b[2J' is not one tracker reads" in ran.out, ran
