"""The cache folder: entries that tracker wrote, read back only when authenticated and current.

An entry is one file, `<folder>/<kind>/<name>.entry`:

    MAGIC (8 bytes) | HMAC-SHA256 (32) | context digest (32) | body

The body is a pickle, so an entry is unpickled only after two checks: its context digest
is the one this run asks for (this tool's version, a fingerprint of its code, the Python
and library versions, and what the caller adds, such as the catalog), and its HMAC, keyed
by a secret of 32 random bytes in `<folder>/key`, matches. The key is created with mode
0600 and read only when it is a regular file owned by this user that no one else can read
or write; a cache folder another user can write into can at worst make tracker ignore
it. Anything else - no entry, another version, a torn or foreign file, a bad key - reads
as "no entry", and the caller rebuilds it. Writes go to a temporary file in the same
folder and are renamed over the entry, so two processes writing at once leave one whole
entry; a write that fails is skipped (the cache never fails a command). docs/cache.md
says why pickle and what the key does and does not protect against.

The folder is `TRACKER_CACHE_DIR`, else the user's cache folder (platformdirs:
~/.cache/tracker on Linux, ~/Library/Caches/tracker on macOS, %LOCALAPPDATA%\\tracker\\Cache
on Windows). Commands use it unless given `--no-cache`; library calls only inside `switched(True)`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import hmac
import logging
import os
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

log = logging.getLogger("tracker")

FOLDER_ENV = "TRACKER_CACHE_DIR"
MAGIC = b"TRKCACHE"
KEY_FILE = "key"
KEY_SIZE = 32
DIGEST_SIZE = 32
HEADER_SIZE = len(MAGIC) + 2 * DIGEST_SIZE
SUFFIX = ".entry"
UNUSED_DAYS = 30  # an entry not read or written for this long is removed when another is written

# Off unless a command turns it on: the CLI runs every command inside `switched(not --no-cache)`;
# a library caller (a test, a benchmark stage) reads its files afresh unless it asks otherwise.
_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("tracker_cache_enabled", default=False)


@contextlib.contextmanager
def switched(on: bool) -> Iterator[None]:
    """Use the cache (or not) for what runs inside: a command runs in `switched(not no_cache)`."""
    token = _enabled.set(on)
    try:
        yield
    finally:
        _enabled.reset(token)


def enabled() -> bool:
    return _enabled.get()


def folder() -> Path:
    """Where entries are kept: TRACKER_CACHE_DIR, else the user's cache folder for tracker."""
    chosen = os.environ.get(FOLDER_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tracker", appauthor=False))


@functools.cache
def code_fingerprint() -> str:
    """A digest of the tracker package's source files (names and bytes), computed once per process.

    The version string does not change while the code is being worked on; the sources do.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def runtime() -> dict[str, str]:
    """What every entry depends on besides its inputs: the tool, its code and what it runs on."""
    import numpy
    import pydantic
    import pydantic_core
    import yaml

    from tracker import __version__

    return {
        "tracker": __version__,
        "code": code_fingerprint(),
        "python": sys.version,
        "pydantic": pydantic.VERSION,
        "pydantic-core": pydantic_core.__version__,
        "numpy": numpy.__version__,
        "pyyaml": f"{yaml.__version__} libyaml={yaml.__with_libyaml__}",
    }


def context_digest(kind: str, context: Mapping[str, str]) -> bytes:
    """The digest an entry of `kind` is filed under: runtime() and the caller's context, in order."""
    digest = hashlib.sha256(kind.encode() + b"\0")
    for name, value in {**runtime(), **context}.items():
        digest.update(f"{name}={value}\0".encode())
    return digest.digest()


class Store:
    """The entries of one kind (`plans`) in the cache folder, under one context digest."""

    def __init__(self, kind: str, context: bytes, root: Path | None = None) -> None:
        self.root = root if root is not None else folder()
        self.kind = kind
        self.context = context
        self._key: bytes | None = None

    def read(self, name: str) -> memoryview | None:
        """The body of entry `name` (a view, not a copy), or None: missing, foreign, torn, of another
        context, or not ours."""
        path = self.root / self.kind / f"{name}{SUFFIX}"
        data = _read_regular(path)
        if data is None:
            return None
        if len(data) < HEADER_SIZE or not data.startswith(MAGIC):
            log.debug("cache: %s is not an entry of this tool; ignored", path)
            return None
        view = memoryview(data)
        mac, context = view[len(MAGIC) : len(MAGIC) + DIGEST_SIZE], view[len(MAGIC) + DIGEST_SIZE : HEADER_SIZE]
        if context != self.context:
            log.debug("cache: %s was written for other input or another version; ignored", path)
            return None
        key = self.key()
        if key is None or not hmac.compare_digest(mac, _mac(key, view[len(MAGIC) + DIGEST_SIZE :])):
            log.debug("cache: %s fails its authentication; ignored", path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when old entries are removed
        return view[HEADER_SIZE:]

    def write(self, name: str, body: bytes) -> None:
        """Write entry `name` atomically; skipped (with a --debug line) when it cannot be."""
        key = self.key()
        if key is None:
            return
        where = self.root / self.kind
        mac = hmac.new(key, self.context, hashlib.sha256)
        mac.update(body)
        temporary = None
        try:
            where.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(MAGIC + mac.digest() + self.context)
                stream.write(body)
            os.replace(temporary, where / f"{name}{SUFFIX}")
            temporary = None
        except OSError as exc:
            log.debug("cache: could not write %s (%s); going on without it", where / name, exc)
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        _remove_unused(where)

    def key(self) -> bytes | None:
        """The folder's secret (made on first use); None when it cannot be trusted or made."""
        if self._key is None:
            self._key = _key(self.root)
        return self._key


def _mac(key: bytes, payload: bytes | memoryview) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def _read_regular(path: Path, private: bool = False) -> bytes | None:
    """A regular file's bytes without following a symbolic link; None if it is not one.

    `private`: also None unless the file is this user's and closed to everyone else (POSIX).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        if private and hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            log.debug("cache: %s is not private to this user; the cache is not used", path)
            return None
        try:
            return stream.read()
        except OSError:
            return None


def _key(root: Path) -> bytes | None:
    """Read `root/key`, or make it: 32 random bytes, mode 0600, published whole by a hard link.

    Two processes making it at once: the second link fails and both use the first key. A
    key of the wrong size (a torn file) is replaced, which makes every entry stale.
    """
    path = root / KEY_FILE
    for _ in range(3):
        try:
            present = os.path.lexists(path) or path.exists()
        except OSError as exc:  # a folder of another user's (a shared cache, a CI runner's user switch)
            log.debug("cache: cannot look into %s (%s); the cache is not used", root, exc)
            return None
        if present:
            key = _read_regular(path, private=True)
            if key is None:
                return None
            if len(key) == KEY_SIZE:
                return key
        try:
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor, temporary = tempfile.mkstemp(prefix=".key.", dir=root)  # mode 0600
        except OSError as exc:
            log.debug("cache: cannot make a key in %s (%s); the cache is not used", root, exc)
            return None
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(secrets.token_bytes(KEY_SIZE))
            if path.exists():  # torn: replace it
                os.replace(temporary, path)
            else:
                with contextlib.suppress(FileExistsError):
                    os.link(temporary, path)
        except OSError as exc:
            log.debug("cache: cannot make a key in %s (%s); the cache is not used", root, exc)
            return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return None


def _remove_unused(where: Path) -> None:
    """Remove entries unused for UNUSED_DAYS and temporary files a killed writer left an hour ago."""
    now = time.time()
    try:
        names = os.listdir(where)
    except OSError:
        return
    for name in names:
        limit = 3600 if name.endswith(".tmp") else UNUSED_DAYS * 86400 if name.endswith(SUFFIX) else None
        if limit is None:
            continue
        with contextlib.suppress(OSError):
            if now - os.stat(where / name, follow_symlinks=False).st_mtime > limit:
                os.unlink(where / name)
