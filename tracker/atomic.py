"""Writing outputs safely: only where allowed, and atomically.

`output_path` refuses a relative path that leaves the current folder (`../x.md`), any
path inside the data root's plans/ or actuals/, and a folder. `write_atomic` writes to a
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

from tracker.dataroot import ACTUALS_DIR, PLANS_DIR
from tracker.errors import TrackerError, fail

STDOUT = "-"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_path(out: str, root: Path) -> Path | None:
    """Where to write `out` (None for '-', standard output); TRK408 when it is not allowed."""
    if out == STDOUT:
        return None
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
    for protected in (PLANS_DIR, ACTUALS_DIR):
        if _inside(resolved, (root / protected).resolve()):
            raise fail("TRK408", out, reason=f"tracker never writes into {protected}/")
    if resolved.is_dir():
        raise fail("TRK408", out, reason="it is a folder; give a file name")
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


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def append_text(path: Path, text: str) -> None:
    """Append `text` (UTF-8) to `path`, creating it; raises OSError (the caller decides how bad that is)."""
    with path.open("a", encoding="utf-8", newline="") as stream:
        stream.write(text)
