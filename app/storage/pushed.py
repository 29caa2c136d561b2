"""Turn a library that pushes its output into a writer (pyrage) into an iterator of chunks.

pyrage's `encrypt_io` / `decrypt_io` write into a file-like object and return only at the end, so they
run in a thread feeding a small bounded queue: memory stays constant, and a consumer that stops early
(a revoked link, a client gone) cancels the thread instead of leaving it blocked on a full queue."""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any


class Cancelled(Exception):
    """The consumer stopped reading: raised inside the producer's thread to end it."""


def pushed_chunks(
    produce: Callable[[io.RawIOBase, threading.Event], None],
    *,
    failed: Callable[[BaseException], Exception],
    batch: int = 256 * 1024,
    name: str = "pushed-chunks",
) -> Iterator[bytes]:
    """Yield what `produce(writer, stop)` writes, in batches of about `batch` bytes.

    `produce` may check `stop` (set once the consumer is gone) and raise `Cancelled`. Whatever it wrote
    before failing is yielded first, then `failed(error)` is raised: a consumer that reads to the end,
    such as a hash verifier, always notices a failure."""
    q: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=8)
    stop = threading.Event()

    def put(item: bytes | BaseException | None) -> None:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise Cancelled

    class Writer(io.RawIOBase):
        def __init__(self) -> None:
            super().__init__()
            self.buf = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            self.buf += data
            if len(self.buf) >= batch:
                put(bytes(self.buf))
                self.buf.clear()
            return len(data)

    def run() -> None:
        writer = Writer()
        try:
            produce(writer, stop)
            put(bytes(writer.buf))
            put(None)
        except Cancelled:
            pass
        except Exception as exc:  # noqa: BLE001 - handed to the consumer
            try:
                put(bytes(writer.buf))
                put(exc)
            except Cancelled:
                pass

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    try:
        while (item := q.get()) is not None:
            if isinstance(item, BaseException):
                raise failed(item) from item
            if item:
                yield item
    finally:
        stop.set()
        worker.join()
