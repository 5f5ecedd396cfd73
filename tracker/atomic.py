"""Writing outputs safely: only where allowed, only over tracker's own files, and atomically.

`output_path` checks an output file before the work starts and `write_output` writes it.
The rules (TRK408 when one is broken):

* a relative path stays inside the current folder (`../x.md` is refused), and none of its
  folders is a link: a path never leaves the folder it names (`reports/` linked to
  `plans/` is refused, and so is `reports/status.md` that is itself a link);
* nothing is written into the data's own files: plans/, actuals/ and indicators.yaml of
  the data root (and of the current folder when it is one too), wherever a path leads;
* a name ending in `/` or naming a folder is refused (`--out newdir/`);
* an existing file is replaced only when tracker wrote it (`tracker.ownership`: the record
  in its folder lists it with its current text).

`write_output` checks all of it again at the moment of writing, on the folder it has
opened (without following links, then walking up with `..`), holding a lock on that
folder, so that nothing another process changes in between can send the write elsewhere.
It writes a temporary file in the same folder, flushes it to disk and renames it over the
target; the record is updated the same way, listing the new text before the rename and
dropping the old one after it, so that it matches the file whatever happens: an error at
any point leaves the previous file as it was. SIGTERM, SIGINT and SIGHUP wait while a
temporary file exists (`hold_signals`), so a stopped run leaves none behind (only
`kill -9` can; `tracker init` makes `reports/` ignore them). A write that fails (a full
disk, no permission) is TRK411 naming the path and the system's reason.
`append_step_summary` applies the same rules to GitHub's job summary, which tracker
appends to rather than replaces.

On systems without `dir_fd` support (Windows) the same checks are made on paths, and a
change made by another process between check and write is not guarded against.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.dataroot import ACTUALS_DIR, CATALOG_FILE, PLANS_DIR
from tracker.errors import TrackerError, fail
from tracker.escaping import is_clean
from tracker.ownership import MAX_RECORD_BYTES, RECORD, digest, parse_record, record_text, refusal

STDOUT = "-"
# os.replace takes dir_fd arguments wherever os.rename does (both are renameat on POSIX).
_DIR_FD = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_HELD_SIGNALS = {getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)}


class Refused(Exception):
    """A write the rules do not allow; the message says why."""


@dataclass(frozen=True)
class OutputFile:
    """A checked output file: the path as given, the data root whose files are protected,
    and whether it is one of the data root's default reports."""

    path: Path
    shown: str
    root: Path
    default: bool = False

    @property
    def folder(self) -> Path:
        return self.path.parent


def output_path(out: str, root: Path, default: bool = False) -> OutputFile | None:
    """The output file `out` (None for '-', standard output), checked now; TRK408 when not allowed."""
    if out == STDOUT:
        return None
    if out.endswith(("/", os.sep)) or Path(out).name in ("", ".", ".."):
        raise fail("TRK408", out, reason="it names a folder; give a file name, e.g. reports/status.md")
    _check_relative(out)
    if not is_clean(Path(out).name):
        raise fail("TRK408", out, reason="the file name holds a line break or another control character")
    output = OutputFile(Path(out), out, root, default)
    try:
        if _DIR_FD:
            with _opened_folder(output.folder, root, create=False) as (fd, missing):
                if not missing:
                    _check_target(fd, output)
        else:
            _check_by_path(output)
    except Refused as exc:
        raise fail("TRK408", out, reason=str(exc)) from None
    except OSError as exc:
        raise cannot_write(out, exc) from None
    return output


def write_output(output: OutputFile, content: str | bytes) -> None:
    """Replace the output file with `content` (text as UTF-8) atomically and record it; create its folders.

    TRK408 when the rules refuse it at this moment, TRK411 when it cannot be written; the
    previous file is then untouched.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if _DIR_FD:
            with _opened_folder(output.folder, output.root, create=True) as (fd, _):
                _lock(fd)
                mode = _check_target(fd, output)
                record = _read_record(fd)
                name, new = output.path.name, digest(data)
                with hold_signals():  # the record lists the new text first, so that it matches whatever happens
                    _replace(fd, RECORD, record_text({**record, name: record.get(name, set()) | {new}}).encode(), None)
                    _replace(fd, name, data, mode)
                    _replace(fd, RECORD, record_text({**record, name: {new}}).encode("utf-8"), None)
                with contextlib.suppress(OSError):
                    os.fsync(fd)
        else:
            _write_by_path(output, data)
    except Refused as exc:
        raise fail("TRK408", output.shown, reason=str(exc)) from None
    except OSError as exc:
        raise cannot_write(output.path, exc) from None


def write_outputs(outputs: Sequence[tuple[OutputFile, str | bytes]]) -> None:
    """`write_output` of many files of one folder (the pages of `report --detail`), under one
    lock and with one update of the folder's record before and one after, rather than two per
    file: each file is still replaced atomically, and the record lists both texts of every file
    while they are written, so that it matches whatever happens.

    Files of different folders, or where the folder cannot be held open, are written one by one.
    """
    if not outputs:
        return
    folder = outputs[0][0].folder
    if not _DIR_FD or any(output.folder != folder for output, _ in outputs):
        for output, content in outputs:
            write_output(output, content)
        return
    data = [(output, content.encode("utf-8") if isinstance(content, str) else content) for output, content in outputs]
    current = data[0][0]
    try:
        with _opened_folder(folder, current.root, create=True) as (fd, _):
            _lock(fd)
            modes = []
            for output, _ in data:
                current = output
                modes.append(_check_target(fd, output))
            record = _read_record(fd)
            new = {output.path.name: digest(content) for output, content in data}
            during = {**record, **{name: record.get(name, set()) | {text} for name, text in new.items()}}
            with hold_signals():
                _replace(fd, RECORD, record_text(during).encode("utf-8"), None)
                for (output, content), mode in zip(data, modes, strict=True):
                    current = output
                    _replace(fd, output.path.name, content, mode)
                _replace(
                    fd, RECORD, record_text({**record, **{name: {text} for name, text in new.items()}}).encode(), None
                )
            with contextlib.suppress(OSError):
                os.fsync(fd)
    except Refused as exc:
        raise fail("TRK408", current.shown, reason=str(exc)) from None
    except OSError as exc:
        raise cannot_write(current.path, exc) from None


def output_folder(out: Path, root: Path) -> Path:
    """A folder to write new files into (`extract --out`, `init DIR`); TRK408 when it is not allowed.

    The same rules as for a file: inside the current folder if relative, through no link,
    not into the data's own files.
    """
    _check_relative(str(out))
    if out.exists() and not out.is_dir() and not out.is_symlink():
        return out  # a file: the command says so in its own words
    try:
        if _DIR_FD:
            with _opened_folder(out, root, create=False):
                pass
        else:
            _check_folder_by_path(out, root)
    except Refused as exc:
        raise fail("TRK408", str(out), reason=str(exc)) from None
    except OSError as exc:
        raise cannot_write(out, exc) from None
    return out


def append_step_summary(path: Path, text: str, root: Path) -> str | None:
    """Append to GitHub's job summary file; None when done, else the reason it was not.

    The summary is GitHub's file, appended to by every step: it may exist and hold text
    tracker did not write. It must be a plain file outside the data root (a link, or a
    path into the data, is refused), and it is appended to in one write.
    """
    data = text.encode("utf-8")
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        if not _DIR_FD:
            if path.is_symlink() or _inside(path.resolve(), root.resolve()):
                raise Refused("it is a link, or lies inside the data root")
            with path.open("ab") as stream:
                stream.write(data)
            return None
        with _opened_folder(path.parent, root, create=False, absolute_links=True) as (fd, missing):
            if missing:
                raise Refused(f"{os.strerror(errno.ENOENT)} (the folder {missing[0]} does not exist)")
            if _ancestors(fd) & {_identity(root)}:
                raise Refused("it lies inside the data root; the job summary is GitHub's file, outside it")
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
            try:
                handle = os.open(path.name, flags, 0o666, dir_fd=fd)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise Refused("it is a link; tracker does not write through links") from None
                raise
            try:
                if not stat.S_ISREG(os.fstat(handle).st_mode):
                    raise Refused("it is not a regular file")
                with hold_signals():
                    _write_all(handle, data)
            finally:
                os.close(handle)
    except Refused as exc:
        return str(exc)
    except OSError as exc:
        return os_reason(exc, path)
    return None


@contextlib.contextmanager
def hold_signals() -> Iterator[None]:
    """SIGTERM, SIGINT and SIGHUP wait until the block is done, then act as they would have.

    Around the few system calls from creating a temporary file to renaming it: a run
    stopped then finishes the rename first and leaves no temporary file behind. A handler
    that only notes the signal stands in for the usual one meanwhile (blocking the signals
    would not do: numpy's threads would take them, and the process would die at once).
    Outside the main thread, where handlers cannot be set, the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def note(signum: int, frame: object) -> None:
        arrived.append(signum)

    previous = {signum: signal.signal(signum, note) for signum in _HELD_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if arrived:
            signal.raise_signal(arrived[0])  # as it would have acted: the default ends the process


def _check_relative(out: str) -> None:
    """TRK408 for a relative path that leaves the current folder."""
    path = Path(out)
    if path.is_absolute():
        return
    parts = os.path.normpath(out).split(os.sep)
    if parts[0] == os.pardir or os.pardir in Path(out).parts:
        raise fail(
            "TRK408",
            out,
            reason="a relative path must stay inside the current folder; give an absolute path to write elsewhere",
        )


@contextlib.contextmanager
def _opened_folder(
    folder: Path, root: Path, create: bool, absolute_links: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """The deepest existing folder of `folder`, opened, and the names below it still missing.

    A relative path is walked from the current folder one name at a time without following
    links (a link is Refused); for an absolute one, the folders above the one it names may
    be links (/tmp on some systems), the one it names may not (unless `absolute_links`, for
    GitHub's own summary path). With `create`, missing folders are made. The folder opened
    must not be, or lie inside, the data's own folders (Refused).
    """
    start, walk = _walk_plan(folder, absolute_links)
    fd = os.open(start, os.O_RDONLY | _DIRECTORY)
    missing: list[str] = []
    try:
        walked: list[str] = []
        for i, name in enumerate(walk):
            try:
                below = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    missing = walk[i:]
                    break
                try:
                    os.mkdir(name, 0o777, dir_fd=fd)
                except OSError as exc:  # named in full, as a path would be
                    exc.filename = str(Path(start, *walked, name) if folder.is_absolute() else Path(*walked, name))
                    raise
                below = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                shown = Path(*walked, name).as_posix() if not folder.is_absolute() else name
                if exc.errno == errno.ELOOP or (exc.errno == errno.ENOTDIR and _is_link(name, fd)):
                    raise Refused(f"{shown} is a link; tracker does not write through links") from None
                if exc.errno == errno.ENOTDIR:
                    raise Refused(f"{shown} is not a folder") from None
                raise
            os.close(fd)
            fd = below
            walked.append(name)
        _check_not_data(fd, root)
        yield fd, missing
    finally:
        os.close(fd)


def _is_link(name: str, fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _walk_plan(folder: Path, absolute_links: bool) -> tuple[str, list[str]]:
    """Where `_opened_folder` starts (a real path) and the names it walks from there without following links."""
    if not folder.is_absolute():
        return ".", [part for part in folder.parts if part not in ("", ".")]
    existing = folder
    missing: list[str] = []
    while not os.path.lexists(existing) and existing != existing.parent:
        missing.insert(0, existing.name)
        existing = existing.parent
    if existing == folder and not absolute_links and existing != existing.parent:
        return os.path.realpath(folder.parent), [folder.name]  # the folder named: opened without following a link
    return os.path.realpath(existing), missing


def _identity(path: Path | str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def _data_folders(root: Path) -> dict[tuple[int, int], str]:
    """The data's own folders (plans/, actuals/) of the data root and of the current folder when it is one."""
    found: dict[tuple[int, int], str] = {}
    for base in {root, Path(".")}:
        if base != root and not (base / PLANS_DIR).is_dir():
            continue  # the current folder is no data root: nothing of it to protect
        for name in (PLANS_DIR, ACTUALS_DIR):
            with contextlib.suppress(OSError):
                found[_identity(base / name)] = f"{name}/"
    return found


def _ancestors(fd: int) -> set[tuple[int, int]]:
    """The folder open as `fd` and every folder above it, by device and inode (walking up with '..')."""
    seen: set[tuple[int, int]] = set()
    current = os.dup(fd)
    try:
        while True:
            info = os.fstat(current)
            key = (info.st_dev, info.st_ino)
            if key in seen:
                return seen
            seen.add(key)
            parent = os.open("..", os.O_RDONLY | _DIRECTORY, dir_fd=current)
            os.close(current)
            current = parent
    finally:
        os.close(current)


def _check_not_data(fd: int, root: Path) -> None:
    protected = _data_folders(root)
    for key in _ancestors(fd) & set(protected):
        raise Refused(f"tracker never writes into {protected[key]}")


def _catalogs(root: Path) -> set[tuple[int, int]]:
    found = set()
    for base in {root, Path(".")}:
        with contextlib.suppress(OSError):
            found.add(_identity(base / CATALOG_FILE))
    return found


def _check_target(fd: int, output: OutputFile) -> int | None:
    """Refused unless the output file may be written now; the mode it should keep (None: a new file)."""
    name = output.path.name
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise Refused("it is a link; tracker does not write through links")
    if stat.S_ISDIR(info.st_mode):
        raise Refused("it is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("it is not a regular file")
    if (info.st_dev, info.st_ino) in _catalogs(output.root):
        raise Refused(f"tracker never writes into {CATALOG_FILE}")
    reason = refusal(name, _read_file(fd, name), _read_record(fd), output.default)
    if reason is not None:
        raise Refused(reason)
    return info.st_mode & 0o777


def _read_file(fd: int, name: str, limit: int | None = None) -> bytes:
    handle = os.open(name, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=fd)
    with os.fdopen(handle, "rb") as stream:
        return stream.read() if limit is None else stream.read(limit)


def _read_record(fd: int) -> dict[str, set[str]]:
    """The folder's record of outputs; a record that is a link or not a file is Refused."""
    try:
        info = os.stat(RECORD, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return {}
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"the record {RECORD} in this folder is a link or not a file")
    return parse_record(_read_file(fd, RECORD, MAX_RECORD_BYTES))


def _lock(fd: int) -> None:
    """Hold the folder for this process until `fd` is closed (a second tracker waits)."""
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _new_file_mode() -> int:
    """The mode a plain new file gets under the current umask (temporary files are made 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(fd: int, name: str, data: bytes, mode: int | None) -> None:
    """Write `data` to a temporary file in the folder and rename it to `name` (call with signals held)."""
    temp = f".{name}.{secrets.token_hex(4)}.tmp"
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=fd)
    try:
        try:
            _write_all(handle, data)
            os.fsync(handle)
            os.fchmod(handle, _new_file_mode() if mode is None else mode)
        finally:
            os.close(handle)
        os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=fd)
        raise


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_folder_by_path(folder: Path, root: Path) -> None:
    """The folder rules on paths, for systems without `dir_fd`."""
    resolved = folder.resolve()
    current = folder
    while str(current) not in ("", ".") and current != current.parent:
        if current.is_symlink():
            raise Refused(f"{current.as_posix()} is a link; tracker does not write through links")
        if folder.is_absolute():
            break
        current = current.parent
    for base in {root.resolve(), Path.cwd().resolve()}:
        if not (base / PLANS_DIR).is_dir() and base != root.resolve():
            continue
        for name in (PLANS_DIR, ACTUALS_DIR):
            if _inside(resolved, (base / name).resolve()):
                raise Refused(f"tracker never writes into {name}/")


def _check_by_path(output: OutputFile) -> Path:
    _check_folder_by_path(output.folder, output.root)
    path = output.path
    if path.is_symlink():
        raise Refused("it is a link; tracker does not write through links")
    if path.is_dir():
        raise Refused("it is a folder; give a file name")
    if path.exists():
        if any(path.resolve() == (base / CATALOG_FILE).resolve() for base in (output.root, Path("."))):
            raise Refused(f"tracker never writes into {CATALOG_FILE}")
        record_path = path.parent / RECORD
        record = parse_record(record_path.read_bytes()) if record_path.is_file() else {}
        reason = refusal(path.name, path.read_bytes(), record, output.default)
        if reason is not None:
            raise Refused(reason)
    return path


def _write_by_path(output: OutputFile, data: bytes) -> None:
    """`write_output` on paths (no `dir_fd`): the same checks, then write and rename."""
    _check_by_path(output)
    path = output.path
    path.parent.mkdir(parents=True, exist_ok=True)
    record_path = path.parent / RECORD
    record = parse_record(record_path.read_bytes()) if record_path.is_file() else {}
    record[path.name] = {digest(data)}
    mode = path.stat().st_mode & 0o777 if path.exists() else _new_file_mode()
    for target, content in ((path, data), (record_path, record_text(record).encode("utf-8"))):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            temp.write_bytes(content)
            os.chmod(temp, mode if target == path else _new_file_mode())
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise


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
    """Write `text` (UTF-8) to `path` atomically, creating its folder: for new files in a folder
    `output_folder` allowed (`extract`'s drafts), not for replacing outputs (`write_output`).

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
