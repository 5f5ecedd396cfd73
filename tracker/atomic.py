"""Writing outputs safely: only where allowed, and atomically.

`output_path` refuses a relative path that leaves the current folder (`../x.md`), any
path into the data's own files (plans/, actuals/ and indicators.yaml of the data root, and
of the current folder when it is one too), a folder, and an existing file that tracker did
not write (a report, a JSON document and a JUnit file are replaced, README.md is not). `output_folder` applies the
same rules to the folders `extract` and `init` write into. `write_atomic` writes to a
temporary file in the same folder (same file system, so the rename is atomic), flushes
it to disk and replaces the target with `os.replace`: a crash or an error at any point
leaves the previous file as it was and no temporary file behind. A write that fails (a
full disk, a folder that cannot be made, no permission) is `TRK411` naming the path and the
system's reason, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from tracker.dataroot import ACTUALS_DIR, CATALOG_FILE, PLANS_DIR
from tracker.errors import TrackerError, fail

STDOUT = "-"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# What an existing file must look like for tracker to replace it: one it wrote itself.
_OURS = {
    ".md": ("tracker report",),  # the comment at the top of every report
    ".json": ('"schema_version"',),
    ".xml": ("<testsuites",),
}


def output_path(out: str, root: Path) -> Path | None:
    """Where to write `out` (None for '-', standard output); TRK408 when it is not allowed."""
    if out == STDOUT:
        return None
    path = _allowed(out, root)
    resolved = path.resolve()
    if resolved.is_dir():
        raise fail("TRK408", out, reason="it is a folder; give a file name")
    if resolved.exists() and not _written_by_tracker(resolved):
        raise fail("TRK408", out, reason="it exists and is not an output of tracker; choose another name")
    return path


def _written_by_tracker(path: Path) -> bool:
    """Whether an existing file is a report, JSON document or JUnit file that tracker wrote."""
    marks = _OURS.get(path.suffix.lower())
    if marks is None:
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return any(mark in head for mark in marks)


def output_folder(out: Path, root: Path) -> Path:
    """A folder to write new files into (`extract --out`, `init DIR`); TRK408 when it is not allowed."""
    return _allowed(str(out), root)


def _allowed(out: str, root: Path) -> Path:
    """`out` as a path, if it stays in the current folder (or is absolute) and off the data's own files."""
    path = Path(out)
    resolved = path.resolve()
    if not path.is_absolute():
        here = Path.cwd().resolve()
        if os.path.normpath(out).split(os.sep)[0] == os.pardir or not _inside(resolved, here):
            raise fail(
                "TRK408",
                out,
                reason="a relative path must stay inside the current folder; give an absolute path to write elsewhere",
            )
    for base in {root.resolve(), Path.cwd().resolve()}:
        if not (base / PLANS_DIR).is_dir() and base != root.resolve():
            continue  # the current folder is no data root: nothing of it to protect
        for protected in (f"{PLANS_DIR}/", f"{ACTUALS_DIR}/", CATALOG_FILE):
            if _inside(resolved, base / protected.rstrip("/")):
                raise fail("TRK408", out, reason=f"tracker never writes into {protected}")
    return path


def _new_file_mode() -> int:
    """The mode a plain new file gets under the current umask (tempfile makes 0600 files)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def os_reason(exc: OSError, path: Path | str) -> str:
    """The system's reason for a failed write, naming the file it was about if that is not `path`."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    other = exc.filename
    if other is not None and Path(os.fsdecode(other)) != Path(path):
        reason += f" ({os.fsdecode(other)})"
    return reason


def cannot_write(path: Path | str, exc: OSError) -> TrackerError:
    """TRK411 for `path`: what commands raise when an output cannot be written."""
    return fail("TRK411", Path(path).as_posix(), reason=os_reason(exc, path))


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8, line endings as given) atomically; create its folder.

    TRK411 when it cannot be written; the previous file is then untouched.
    """
    try:
        _write_atomic(path, text)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _write_atomic(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """`write_atomic` for bytes (a workbook): the same rules, TRK411 when it cannot be written."""
    try:
        _write_atomic(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def append_text(path: Path, text: str) -> None:
    """Append `text` (UTF-8) to `path`, creating it; raises OSError (the caller decides how bad that is)."""
    with path.open("a", encoding="utf-8", newline="") as stream:
        stream.write(text)
