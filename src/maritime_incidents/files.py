"""The one writer of every output: whole files and whole folders, or nothing.

Every file this package writes (the map, the export, the import, the data files rewritten by
`correct`, `reconcile --write`, `geotag --write`, `docs --write`) goes through `write_file` or
`write_folder`:

- the content is written to a temporary name in the target's own folder (so the rename is on one
  file system), flushed with fsync, then renamed over the target: a reader sees the old file or
  the new one, never a half-written one;
- the final mode is the replaced file's mode, or for a new file 0666 minus the umask, as `open()`
  would give (a temporary file is created 0600; left so, a web server could not read the map);
- a symlink is followed: the file it points to is replaced, the link stays;
- a folder output (export, import) is built in a temporary sibling folder and exchanged with the
  target in one `renameat2(RENAME_EXCHANGE)`, so a reader sees the old set or the new set, never a
  mix, and no stale file of an earlier run survives. The folder is only replaced if everything
  in it is a file this command writes; a folder holding anything else is refused, never emptied;
- a lock (`filelock`, the lock file `.NAME.lock` beside the target) makes a second run on the
  same target wait for the first instead of interleaving with it;
- temporary files are removed on an exception, on SIGTERM (while a write runs in the main thread,
  SIGTERM raises SystemExit so the cleanup runs), and, after a kill -9, by the next write to the
  same target.

Why by hand: `boltons.fileutils.atomic_save` covers a single file written through a file object,
but GDAL and Arrow write to a path, it replaces a symlink instead of its target, does not fsync,
and uses one fixed `.part` name that two runs share; no library swaps a folder. The lock is
`filelock`'s.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger("maritime_incidents")

#: How long a second run waits for the first to finish writing the same target.
LOCK_TIMEOUT = 600.0
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def current_umask() -> int:
    """The process umask, read without changing it where Linux tells it (/proc), else set and reset."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    return 0o666 & ~current_umask()


def new_folder_mode() -> int:
    return 0o777 & ~current_umask()


def real_target(path: str | os.PathLike) -> Path:
    """The path to replace: a symlink's target (so the link stays a link), made absolute."""
    return Path(os.path.realpath(os.fspath(path)))


def fsync_path(path: Path) -> None:
    """Flush a file's or a folder's content and metadata to disk."""
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0))
    try:
        os.fsync(fd)
    except OSError as e:  # some file systems cannot fsync a folder; the data are still written
        if e.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def temp_prefix(target: Path, folder: bool = False) -> str:
    return f".{target.name}.new-" if folder else f".{target.stem}.part-"


def leftovers(target: Path, folder: bool = False) -> list[Path]:
    """Temporary files or folders of an earlier write to target that was killed before it could clean up."""
    if folder:
        return sorted({*target.parent.glob(f".{target.name}.new-*"), *target.parent.glob(f".{target.name}.old-*")})
    return sorted(target.parent.glob(temp_prefix(target) + "*" + target.suffix))


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While a write runs, SIGTERM exits through Python (running every cleanup) instead of dying at once."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def locked(target: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of one output; a second run waits, and after `timeout` fails with a clear message."""
    lock = FileLock(target.parent / f".{target.name}.lock", timeout=LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("waiting for another run that is writing %s", target)
        try:
            lock.acquire()
        except Timeout:
            raise TimeoutError(f"{target}: another run has been writing it for {lock.timeout:.0f} s; try again later") from None
    try:
        yield
    finally:
        lock.release()


def write_file(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` on a temporary file beside the target, then rename it into place.

    A failure leaves no temporary file and the target keeps its old content (or stays absent).
    Returns the path written (a symlink's target when `path` is a symlink).
    """
    target = real_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder, not a file")
    with locked(target), sigterm_raises():
        for old in leftovers(target):
            remove(old)
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else new_file_mode()
        # keep the suffix (GDAL checks it) and a leading dot, so a leftover is visible but not mistaken for output
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=target.suffix, dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            write(tmp)
            os.chmod(tmp, mode)
            fsync_path(tmp)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_path(target.parent)
    return target


def write_utf8(path: Path, text: str) -> None:
    """Write text as UTF-8 bytes, lines as given: neither the locale's encoding nor Windows' newline
    translation (which `Path.write_text` applies) can change a file the repository keeps byte for byte."""
    path.write_bytes(text.encode("utf-8"))


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write text (UTF-8, lines as given) through `write_file`."""
    return write_file(path, lambda tmp: write_utf8(tmp, text))


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def write_folder(path: str | os.PathLike, write: Callable[[Path], None], *, names: Collection[str]) -> Path:
    """Call `write(tmp_folder)`, then put the new folder in place of the target in one step.

    `names` are the files this output may hold. An existing target folder holding anything else
    (a user's own files) is refused with ValueError before anything is written.
    """
    target = real_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target), sigterm_raises():
        for old in leftovers(target, folder=True):
            remove(old)
        if target.exists():
            if not target.is_dir():
                raise NotADirectoryError(f"{target} is a file, not a folder")
            foreign = sorted(p.name for p in target.iterdir() if p.name not in names or not p.is_file())
            if foreign:
                shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
                raise ValueError(f"{target} holds files this command does not write ({shown}); choose a new or empty folder")
            folder_mode = stat.S_IMODE(target.stat().st_mode)
        else:
            folder_mode = new_folder_mode()
        tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(target, folder=True), dir=target.parent))
        try:
            write(tmp)
            file_mode = new_file_mode()
            for f in tmp.iterdir():
                if f.name not in names or not f.is_file():
                    raise RuntimeError(f"{f.name} is not a file this output holds")  # a bug of ours, not the user's
                os.chmod(f, file_mode)
                fsync_path(f)
            os.chmod(tmp, folder_mode)
            fsync_path(tmp)
            if not target.exists():
                os.rename(tmp, target)
            elif exchange(tmp, target):
                shutil.rmtree(tmp)  # tmp now holds the old set
            else:  # no atomic exchange here: the target is briefly absent, never mixed
                aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
                os.rename(target, aside / "old")
                os.rename(tmp, target)
                shutil.rmtree(aside)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        fsync_path(target.parent)
    return target
