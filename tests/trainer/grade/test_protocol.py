"""The parent-worker messages: one definition, round trips, unknown kinds refused."""

from __future__ import annotations

import pytest

from coursekit.trainer.grade import DEFAULT_POLICY, GradingError, TraineeResult, protocol

MESSAGES = [
    protocol.Start("/srv/course", "ps1", sandbox="none",
                   policy=DEFAULT_POLICY.with_(memory_mb=512, hidden=("/srv/course",)),
                   timeout=5.0, scratch_root="/tmp/x"),
    protocol.Task("s1", force=True),
    protocol.Ready(pid=42, max_score=4.0, students=("s1", "s2"), timeout=30.0,
                   code_cells={"s1": 3, "s2": 0}),
    protocol.StartFailed("MissingEntry: no assignment ps9"),
    protocol.Done(TraineeResult("s1", "failed", None, 4.0, reason="timeout",
                                message="no result within 99 s", flags=("sys.modules",))),
]


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m.KIND)
def test_every_message_round_trips(message: protocol.Message) -> None:
    line = protocol.encode(message)
    assert line.endswith(b"\n") and line.count(b"\n") == 1  # one message, one line
    assert protocol.decode(line) == message


def test_the_reader_splits_messages_across_chunks() -> None:
    wire = b"".join(protocol.encode(m) for m in MESSAGES)
    reader = protocol.LineReader()
    got = [m for i in range(0, len(wire), 7) for m in reader.feed(wire[i:i + 7])]
    assert got == MESSAGES and reader.buffer == b""


def test_unknown_or_malformed_messages_raise() -> None:
    with pytest.raises(GradingError, match="unknown grading message kind 'teleport'"):
        protocol.decode(b'{"kind": "teleport", "student": "s1"}')
    with pytest.raises(GradingError, match="unknown grading message kind None"):
        protocol.decode(b'{"student": "s1"}')  # the old, untyped format
    with pytest.raises(GradingError, match="malformed 'task'"):
        protocol.decode(b'{"kind": "task", "pupil": "s1"}')
    with pytest.raises(GradingError, match="not JSON"):
        protocol.decode(b"Traceback (most recent call last):")
    with pytest.raises(GradingError, match="unknown failure reason 'bored'"):
        protocol.decode(b'{"kind": "done", "result": {"student": "s1", "status": "failed", '
                        b'"reason": "bored"}}')


def test_grading_error_is_a_coursekit_error_but_not_a_config_error() -> None:
    from coursekit.errors import ConfigError, CoursekitError

    assert issubclass(GradingError, CoursekitError) and not issubclass(GradingError, ConfigError)
