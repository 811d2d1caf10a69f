"""``bench scale``'s memory figures: resident and private memory of a process group."""
import os
import subprocess
import sys

from indexer.bench.scale import group_memory, group_usage


def test_a_process_groups_private_memory_grows_with_what_it_allocates():
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; block = bytearray(200 * 2**20); "
                              "block[::4096] = b'x' * len(block[::4096]); print('ready', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        resident, private = group_memory(child.pid)
        assert private >= 200 * 2**20 and resident >= private
        assert group_usage(child.pid)[1] >= 200 * 2**20
        own_resident, own_private = group_memory(os.getpgrp())
        assert own_resident >= own_private > 0
    finally:
        child.kill()
        child.wait()
