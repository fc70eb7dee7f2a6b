"""The helper process (deck/cores.py): records come back in order; a helper that fails ends
early and says so; none runs beside another thread (the studio's server)."""
import os
import threading

from deck import cores


def test_records_come_back_in_order_then_none():
    with cores.Helper(lambda send: [send({"card": number}) for number in range(300)]) as helper:
        assert [helper.receive() for _ in range(300)] == [{"card": number} for number in range(300)]
        assert helper.receive() is None


def test_a_helper_that_fails_ends_and_the_parent_is_told():
    def work(send):
        send("first")
        raise RuntimeError("the helper's own problem")
    with cores.Helper(work) as helper:
        assert helper.receive() == "first"
        assert helper.receive() is None  # the parent does the rest itself


def test_a_helper_told_something_hears_it_and_is_waited_for_only_once_it_sends():
    def work(send, hear):
        told = hear()
        send(("heard", told))
        send(("then", hear()))
    with cores.Helper(work, answers=True) as helper:
        assert not helper.waiting()  # it waits to be told
        helper.tell({"start": 3, "ceiling": {("sides", "back"): 8.7}})
        assert helper.receive() == ("heard", {"start": 3, "ceiling": {("sides", "back"): 8.7}})
        helper.tell(list(range(2000)))  # (more than a pipe takes in one read on some systems)
        assert helper.receive() == ("then", list(range(2000)))
        assert helper.receive() is None and helper.waiting()


def test_a_helper_waiting_to_hear_is_ended_by_close():
    with cores.Helper(lambda send, hear: send(hear()), answers=True) as helper:
        pass
    assert helper.pid is None and helper.tell_end is None


def test_the_helper_runs_nothing_the_parent_runs_at_exit(tmp_path):
    """os._exit: no atexit handler (deck writes its caches at exit) runs in the helper."""
    import atexit

    marker = tmp_path / "ran"
    handler = lambda: marker.write_text("ran")  # noqa: E731
    atexit.register(handler)
    try:
        with cores.Helper(lambda send: send(os.getpid())) as helper:
            assert helper.receive() != os.getpid()
    finally:
        atexit.unregister(handler)
    assert not marker.exists()


def test_no_helper_beside_another_thread(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(cores.sys, "platform", "linux")
    assert cores.spare_core()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not cores.spare_core()
    finally:
        stop.set()
        thread.join()


def test_no_helper_on_one_core(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not cores.spare_core()


def test_a_helper_for_decks_between_the_smallest_and_the_largest(monkeypatch):
    """Small decks are done before a helper would start; large ones would hold twice the memory."""
    monkeypatch.setattr(cores, "spare_core", lambda: True)
    assert not cores.helps(cores.SMALLEST_DECK - 1)
    assert cores.helps(cores.SMALLEST_DECK) and cores.helps(cores.LARGEST_DECK)
    assert not cores.helps(cores.LARGEST_DECK + 1)


def test_without_a_process_to_be_had_the_work_is_done_here(monkeypatch, large_deck, tmp_path):
    """fork fails (a process limit): no helper, no error, the same file."""
    import deck

    monkeypatch.setattr(cores, "spare_core", lambda: True)
    helped = deck.build(large_deck, None, tmp_path / "helped.pdf").read_bytes()

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", no_fork)
    with cores.Helper(lambda send: send("never")) as helper:
        assert helper.receive() is None
    assert deck.build(large_deck, None, tmp_path / "alone.pdf").read_bytes() == helped
