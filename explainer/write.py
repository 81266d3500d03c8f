"""Stage 5, the only writer: pages stream into a staging folder that is swapped into public/ only when complete."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
from pathlib import Path, PurePosixPath

from .load import read_file

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
KILL_AFTER_WRITES = "EXPLAINER_TEST_KILL_AFTER_WRITES"
KILL_AT = "EXPLAINER_TEST_KILL_AT"
MAIN_PID = "EXPLAINER_MAIN_PID"


class OutputCollision(Exception):
    def __init__(self, rel: str):
        self.rel = rel
        super().__init__(rel)


def _test_kill(point: str) -> None:
    """Fault injection for the kill tests: SIGKILL the whole build at a named point."""
    if os.environ.get(KILL_AT) == point:
        _kill_build()


def _kill_build() -> None:
    main = int(os.environ.get(MAIN_PID, os.getpid()))
    if main != os.getpid():
        os.kill(main, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def _beside(path: str) -> str:
    """The temporary name a file is written under before it replaces `path`."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.tmp")


def _write_file(path: str, blob: bytes) -> None:
    """Create or truncate a file and write `blob`: three system calls where open() makes seven."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(blob)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class Writer:
    """Writes files under a target folder; refuses paths that would leave it and paths written twice."""

    def __init__(self, target: Path):
        self.target = target
        self._base = str(target)  # paths joined as strings: Path objects cost 0.1 ms of a story's seven files
        self.written: set[str] = set()
        self._kill_after = int(os.environ.get(KILL_AFTER_WRITES, "0") or 0)
        self._made: set[str] = set()

    def _claim(self, rel: str) -> str:
        """The file `rel` names under the target; refuses paths that leave it and paths claimed twice."""
        parts = rel.split("/")
        if "" in parts or "." in parts or ".." in parts or "\\" in rel:  # the unusual cases, checked in full
            pure = PurePosixPath(rel)
            if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in rel:
                raise ValueError(f"output path escapes the site: {rel!r}")
            parts = list(pure.parts)
        if rel in self.written:
            raise OutputCollision(rel)
        self.written.add(rel)
        return os.path.join(self._base, *parts)

    def _path(self, rel: str) -> str:
        path = self._claim(rel)
        parent = os.path.dirname(path)
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return path

    def write(self, rel: str, data: bytes | str) -> int:
        path = self._path(rel)
        blob = data.encode("utf-8") if isinstance(data, str) else data
        self._replace(path, blob)
        self._count()
        return len(blob)

    def _replace(self, path: str, blob: bytes) -> None:
        _write_file(path, blob)

    def copy(self, rel: str, source: Path) -> None:
        path = self._path(rel)
        try:
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)
        self._count()

    def _count(self) -> None:
        if self._kill_after:
            self._kill_after -= 1
            if self._kill_after == 0:
                _kill_build()


class DirectWriter(Writer):
    """Preview output: files are replaced in place, one by one, only after a whole rebuild succeeded."""

    def _replace(self, path: str, blob: bytes) -> None:
        try:
            if read_file(path) == blob:
                return
        except OSError:
            pass
        temp = _beside(path)
        _write_file(temp, blob)
        os.replace(temp, path)


class MemoryWriter(Writer):
    """Holds a rebuild's files until it is known to have succeeded; then `flush` puts them in place."""

    def __init__(self, target: Path):
        super().__init__(target)
        self.pending: dict[str, bytes | Path] = {}

    def write(self, rel: str, data: bytes | str) -> int:
        self._claim(rel)
        self.pending[rel] = data.encode("utf-8") if isinstance(data, str) else data
        return len(self.pending[rel])

    def copy(self, rel: str, source: Path) -> None:
        self._claim(rel)
        self.pending[rel] = source

    def flush(self, stale: set[str]) -> None:
        """Replace changed files one by one (each atomically) and delete files no longer produced."""
        direct = DirectWriter(self.target)
        for rel, data in self.pending.items():
            if isinstance(data, Path):
                path = direct._path(rel)
                temp = _beside(path)
                shutil.copyfile(data, temp)
                os.replace(temp, path)
            else:
                direct.write(rel, data)
        for rel in sorted(stale - set(self.pending), reverse=True):
            path = self.target / rel
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != self.target and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent


class Staging:
    """A staging folder beside the output folder, published by exchanging the two."""

    def __init__(self, out: Path):
        self.out = out
        self.path = out.parent / f".{out.name}.staging-{secrets.token_hex(6)}"
        self.path.mkdir(parents=True)

    def writer(self) -> Writer:
        return Writer(self.path)

    def publish(self) -> None:
        _test_kill("before-swap")
        if not self.out.exists():
            os.rename(self.path, self.out)
            return
        if _exchange(self.path, self.out):
            shutil.rmtree(self.path, ignore_errors=True)
            return
        old = self.out.parent / f".{self.out.name}.old-{secrets.token_hex(6)}"
        os.rename(self.out, old)
        _test_kill("between-renames")
        os.rename(self.path, self.out)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    if os.environ.get("EXPLAINER_NO_EXCHANGE"):
        return False
    import ctypes  # only at publish time: importing it costs ~10 ms
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def recover(out: Path) -> None:
    """Undo what a killed build left: restore a moved-away output folder, remove staging folders."""
    parent = out.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{out.name}.old-*"))
    if olds and not out.exists():
        os.rename(olds.pop(), out)
    for leftover in [*olds, *parent.glob(f".{out.name}.staging-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
