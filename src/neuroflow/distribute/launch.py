"""`python -m neuroflow.distribute.launch -n N script.py [args...]`: N ranks of a script on this machine.

Runs `mpiexec -n N <this python> script.py args...` (the `mpiexec` next to this Python, from the
`mpich` wheel, else the one on PATH), passing its output through. When a rank dies, MPICH's
mpiexec stops the others at once but names only the dead process's pid; the launcher maps it
back to the rank and says which rank was lost, and exits with mpiexec's non-zero status.

>>> lost_rank("PID 4242 RUNNING AT node1\\n EXIT CODE: 9", {0: (4241, "node1"), 1: (4242, "node1")})
1
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

__all__ = ["main", "mpiexec_path", "lost_rank"]


def mpiexec_path():
    """The `mpiexec` of this Python's environment, else the one on PATH; ImportError naming the extra."""
    here = os.path.join(os.path.dirname(sys.executable), "mpiexec")
    path = here if os.path.exists(here) else shutil.which("mpiexec")
    if path is None:
        raise ImportError("`mpiexec` was not found: pip install 'neuroflow[mpi]' (installs mpi4py and the "
                          "mpich wheel, which provides mpiexec).")
    return path


def lost_rank(output, ranks):
    """The rank whose pid mpiexec reported as badly terminated in `output`, else None."""
    by_pid = {pid: rank for rank, (pid, _) in ranks.items()}
    for pid in re.findall(r"PID (\d+) RUNNING AT", output):
        if int(pid) in by_pid:
            return by_pid[int(pid)]
    return None


def _read_ranks(folder):
    ranks = {}
    for name in os.listdir(folder):
        if name.startswith("rank-"):
            with open(os.path.join(folder, name)) as file:
                pid, host = file.read().split(" ", 1)
            ranks[int(name[5:])] = (int(pid), host)
    return ranks


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m neuroflow.distribute.launch",
                                     description="Run N MPI ranks of a training script on this machine.")
    parser.add_argument("-n", "--num-processes", type=int, default=2, help="ranks to start (default 2)")
    parser.add_argument("script", help="the Python script")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the script's arguments")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="neuroflow-launch-") as folder:
        env = dict(os.environ, NEUROFLOW_LAUNCH_DIR=folder)
        command = [mpiexec_path(), "-n", str(options.num_processes), sys.executable, options.script, *options.args]
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        captured = []
        for line in process.stdout:
            sys.stdout.write(line)
            captured.append(line)
        code = process.wait()
        if code != 0:
            ranks = _read_ranks(folder)
            rank = lost_rank("".join(captured), ranks)
            if rank is not None:
                pid, host = ranks[rank]
                sys.stderr.write(f"neuroflow.distribute.launch: lost rank {rank} of {options.num_processes} "
                                 f"(pid {pid} on {host}); the other ranks were stopped (exit status {code}).\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
