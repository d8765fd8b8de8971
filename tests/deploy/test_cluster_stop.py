"""`make cluster-stop` (deploy/cluster.py stop) finishes the emails being sent and loses nothing queued
(issue 21, item 6). A mail server that holds each message until the test lets it go makes "being sent"
certain: both hosts' workers are inside their SMTP exchange when the cluster is told to stop, and the
mail server lets them go only once nginx has stopped accepting connections.
"""

import asyncio
import os
import socket
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller

from bench.cluster import shell
from deploy.cluster import ROOT, Layout, psql
from tests.helpers.cluster import CLUSTER_MARKS, free_cluster_port, poll
from tests.helpers.served import apply

pytestmark = CLUSTER_MARKS


class Gate:
    """An SMTP server that counts arrivals and accepts a message only once released."""

    def __init__(self):
        self.release, self.messages, self.arrived = threading.Event(), [], 0

    async def handle_DATA(self, server, session, envelope):
        self.arrived += 1
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        self.messages.append(envelope.content.decode())
        return "250 OK"


def accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_stopping_the_cluster_finishes_the_emails_being_sent_and_keeps_the_queue(tmp_path):
    gate = Gate()
    smtp_port = free_cluster_port(19100) + 15
    controller = Controller(gate, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    environ = {
        **os.environ,
        "CLUSTER_DIR": str(tmp_path),
        "CLUSTER_PORT": str(smtp_port - 15),
        "CLUSTER_DB": "dmath_cluster_stop",
        "ENROL_MIN_FILL_SECONDS": "0",
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
    }
    layout = Layout(environ)
    psql(layout, "postgres", f'DROP DATABASE IF EXISTS "{layout.db}" WITH (FORCE)')
    command = [sys.executable, "deploy/cluster.py"]
    try:
        started = subprocess.run(
            [*command, "start"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=400
        )
        assert started.returncode == 0, started.stdout + started.stderr
        for number in range(3):  # two workers take two emails; the third waits in the queue
            apply(layout.url, f"stop{number}@example.org")
        poll(lambda: gate.arrived >= 2, tries=600, pause=0.1)
        assert gate.arrived == 2, "both workers should be inside their SMTP exchange"
        stopping = subprocess.Popen([*command, "stop"], cwd=ROOT, env=environ, stdout=subprocess.DEVNULL)
        assert poll(lambda: not accepts(layout.port), tries=2400, pause=0.05), "nginx still accepts connections"
        gate.release.set()
        assert stopping.wait(timeout=150) == 0
    finally:
        gate.release.set()
        subprocess.run([*command, "stop"], cwd=ROOT, env=environ, timeout=200, check=False)
        controller.stop()
    assert len(gate.messages) == 2  # both emails in flight were sent
    statuses = shell(
        layout,
        "from django_tasks_db.models import DBTaskResult; "
        "print(sorted(DBTaskResult.objects.values_list('status', flat=True)))",
    )
    assert statuses == "['READY', 'SUCCESSFUL', 'SUCCESSFUL']"  # the third is still queued for the next start
