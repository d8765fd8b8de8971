"""The development mail folder: each email is also a readable .eml and a .txt whose link works as is."""

import email
import email.policy
import re

import pytest

from dmath.env import email_backend
from enrolment import services
from tests.helpers.enrolment import is_verify_link

pytestmark = pytest.mark.django_db


def test_file_means_the_readable_backend():
    assert email_backend("file", host="", production=False) == "enrolment.mail_files.EmailBackend"
    assert email_backend("", host="", production=False) == "enrolment.mail_files.EmailBackend"


def test_each_email_is_written_as_eml_and_txt(
    settings, tmp_path, cohort, service_data, fill, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "enrolment.mail_files.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(cohort=cohort, data=service_data("ada@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_offer(application=fill(1, start=5)[0], message="Welcome")

    emls = sorted(tmp_path.glob("*.eml"))
    txts = sorted(tmp_path.glob("*.txt"))
    assert len(emls) == len(txts) == 2 and list(tmp_path.glob("*.log"))  # Django's .log is still written
    assert [p.stem for p in emls] == [p.stem for p in txts]

    # The .eml is the message as sent: a mail program parses it, headers and all.
    message = email.message_from_bytes(emls[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "ada@example.org"
    assert message["Subject"].startswith("Confirm your email address")
    plain = message.get_body(preferencelist=("plain",)).get_content()

    # The .txt: who, what, and the body with its link whole, ready to click or copy.
    text = txts[0].read_text(encoding="utf-8")
    assert text.startswith("To: ada@example.org\nSubject: Confirm your email address")
    link = re.search(r"https?://\S+/programmes/\S+/verify/(\S+)/", text)
    assert link and link[0] in plain
    path = "/" + link[0].split("://", 1)[1].split("/", 1)[1]
    assert is_verify_link(path, application)
    second = txts[1].read_text(encoding="utf-8")
    assert "Subject: We are offering you a place" in second and "Welcome" in second
