"""The CSV export of applications for admissions staff, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from core.exports import csv_safe

from .models import Application

CSV_COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Full name", lambda a: a.full_name),
    ("Email", lambda a: a.email),
    ("Country", lambda a: a.get_country_display()),
    ("Highest qualification", lambda a: a.get_qualification_display()),
    ("Subject", lambda a: a.qualification_subject),
    ("Preferred research track", lambda a: a.research_track.title),
    ("Cohort", lambda a: a.cohort.name),
    ("Status", lambda a: a.get_status_display()),
    ("Personal statement", lambda a: a.personal_statement),
    ("Applied at", lambda a: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M")),
]


def applications_csv(applications: Iterable[Application]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8 names correctly
    writer = csv.writer(response)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for application in applications:
        writer.writerow([csv_safe(get(application)) for _, get in CSV_COLUMNS])
    return response
