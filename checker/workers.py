"""Worker processes the parent supervises: a per-letter time budget nothing can swallow, and
a run that never hangs.

Letters are checked in worker processes fed through pipes. The parent knows when each worker
began its current letter; a worker past the budget is killed with SIGKILL, which no code in
it can catch or delay (not a library's `except Exception`, not a long loop in C), its letter
is reported as a timeout and a fresh worker takes its place. A worker that dies of anything
else (the kernel's out-of-memory killer, a crash) has its current letter reported as an error
naming the cause; the letters queued behind it go to the fresh worker, so no other letter's
findings are lost. Whatever an interrupted letter left in a worker's in-process caches dies
with that worker. Results come back in input order, whatever the number of workers.
"""
from __future__ import annotations

import gc
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

# Letters sent to a worker at a time: enough to make the pipe's cost small beside a letter's.
CHUNK = 16
# A killed worker is gone within milliseconds; this bounds the wait for a worker that is not.
_EXIT_WAIT = 5.0
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass
class _Worker(Generic[Task]):
    process: Any
    connection: Connection
    # Sequence numbers and tasks sent and not yet answered; the first is being checked now.
    held: deque[tuple[int, Task]] = field(default_factory=deque)
    # When the first held task began (monotonic seconds).
    started: float = 0.0


def _worker_main(connection: Connection, check: Callable[[Any], Any]) -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it and stops workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    # The CLI pauses garbage collection while it starts up; a worker checks many letters.
    gc.enable()
    while True:
        try:
            tasks = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone or done
        if tasks is None:
            return
        for task in tasks:
            connection.send(check(task))


def death_cause(exitcode: int | None) -> str:
    """How a worker ended, in words for the user."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"was killed by {name} (out of memory?)"
        return f"was killed by {name}"
    return f"exited unexpectedly (code {exitcode})"


class Supervisor(Generic[Task, Result]):
    """Runs `check` over tasks in `jobs` supervised worker processes.

    `timed_out(task)` and `died(task, cause)` make the results of a task whose worker was
    killed for overrunning `budget` seconds, or that died under it.
    """

    def __init__(self, check: Callable[[Task], Result], jobs: int, budget: float | None,
                 timed_out: Callable[[Task], Result], died: Callable[[Task, str], Result],
                 window: int = 4096) -> None:
        import multiprocessing
        import sys

        self.context: Any = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self.check = check
        self.jobs = jobs
        self.budget = budget
        self.timed_out = timed_out
        self.died = died
        # Tasks read ahead of the result reported next: bounds memory however long the run.
        self.window = window
        self.workers: list[_Worker[Task]] = []

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        finished = False
        try:
            yield from self._run(tasks)
            finished = True
        finally:
            self._stop(graceful=finished)

    def _run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        self.workers = [self._start() for _ in range(self.jobs)]
        pending: deque[tuple[int, Task]] = deque()
        done: dict[int, Result] = {}
        read = reported = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.jobs * CHUNK and read - reported < self.window:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    pending.append((read, task))
                    read += 1
            for index, worker in enumerate(self.workers):
                if not worker.held and pending:
                    if not worker.process.is_alive():
                        # Died while idle (killed from outside): no letter of ours to blame.
                        self._replace(index, pending, done, self.timed_out)
                    self._send(self.workers[index], pending)
            if reported in done:
                while reported in done:
                    yield done.pop(reported)
                    reported += 1
                continue  # room in the window again: read and send more before waiting
            if exhausted and reported == read:
                return
            self._collect(done, pending)

    def _send(self, worker: _Worker[Task], pending: deque[tuple[int, Task]]) -> None:
        size = max(1, min(CHUNK, len(pending) // self.jobs))
        for _ in range(min(size, len(pending))):
            worker.held.append(pending.popleft())
        worker.started = time.monotonic()
        try:
            worker.connection.send([task for _, task in worker.held])
        except OSError:
            pass  # the worker is dead: its sentinel says so in _collect

    def _collect(self, done: dict[int, Result], pending: deque[tuple[int, Task]]) -> None:
        """Wait for a result, a worker's death, or the first budget to run out."""
        busy = [worker for worker in self.workers if worker.held]
        timeout = None
        if self.budget is not None and busy:
            timeout = max(0.0, min(w.started for w in busy) + self.budget - time.monotonic())
        ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout))
        now = time.monotonic()
        for index, worker in enumerate(self.workers):
            if not worker.held:
                continue
            if worker.connection in ready:
                self._receive(worker, done)
            if worker.held and worker.process.sentinel in ready:
                self._receive(worker, done)  # what it finished before it died still counts
                worker.process.join()
                self._replace(index, pending, done, self._died_of(death_cause(worker.process.exitcode)))
            elif worker.held and self.budget is not None and now - worker.started >= self.budget:
                worker.process.kill()
                worker.process.join()
                self._receive(worker, done)
                self._replace(index, pending, done, self.timed_out)

    def _died_of(self, cause: str) -> Callable[[Task], Result]:
        return lambda task: self.died(task, cause)

    def _receive(self, worker: _Worker[Task], done: dict[int, Result]) -> None:
        try:
            while worker.held and worker.connection.poll():
                result = worker.connection.recv()
                number, _ = worker.held.popleft()
                done[number] = result
                worker.started = time.monotonic()
        except (EOFError, OSError):
            pass  # a worker that died mid-message: its sentinel or its budget decides

    def _replace(self, index: int, pending: deque[tuple[int, Task]], done: dict[int, Result],
                 blame: Callable[[Task], Result]) -> None:
        worker = self.workers[index]
        worker.connection.close()
        if worker.held:
            number, task = worker.held.popleft()
            done[number] = blame(task)
            # The letters queued behind it were never started: they go back to be checked.
            pending.extendleft(reversed(worker.held))
        self.workers[index] = self._start()

    def _start(self) -> _Worker[Task]:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(theirs, self.check), daemon=True)
        # A stop signal arriving while the worker is being made would find it half set up (and
        # print a traceback there); held back, it reaches this process once the worker is known.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        theirs.close()
        return _Worker(process, ours)

    def _stop(self, graceful: bool) -> None:
        """End every worker: asked to when the run is done, killed when it was interrupted."""
        for worker in self.workers:
            if graceful:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
            else:
                worker.process.kill()
            worker.connection.close()
        deadline = time.monotonic() + _EXIT_WAIT
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self.workers = []
