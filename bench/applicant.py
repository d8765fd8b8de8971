"""What an applicant types into the programme's application form, shared by the benches and the tests that
post it through a served site."""

import re


def application_answers(form: str, *, full_name: str, email: str, subject: str = "Mathematics") -> dict[str, str]:
    """The form's hidden fields (token, start time, cohort, research track) and one applicant's answers."""
    hidden = ("csrfmiddlewaretoken", "started")
    answers = {name: re.search(rf'name="{name}" value="([^"]+)"', form)[1] for name in hidden}
    answers |= {name: re.search(rf'name="{name}" value="(\d+)"', form)[1] for name in ("cohort", "research_track")}
    answers |= {"full_name": full_name, "email": email, "country": "GB"}
    answers |= {"qualification": "masters", "qualification_subject": subject, "consent": "on"}
    return answers
