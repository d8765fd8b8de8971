"""schema.org JSON-LD for the programme and course pages (a programmes.Programme, a courses.Course)."""

import json

from django.db import models


def _organisation(programme: models.Model) -> dict:
    department = programme.department
    return {
        "@type": "CollegeOrUniversity",
        "name": department.institution.name,
        "department": {"@type": "Organization", "name": department.name},
    }


def _course(course: models.Model, base_url: str) -> dict:
    return {
        "@type": "Course",
        "courseCode": course.code,
        "name": course.title,
        "description": course.objective,
        "url": base_url + course.get_absolute_url(),
        "teaches": [outcome.text for outcome in course.outcomes.all()],
    }


def programme_jsonld(programme: models.Model, base_url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": programme.title,
        "description": programme.tagline,
        "url": base_url + programme.get_absolute_url(),
        "educationalProgramMode": programme.study_mode,
        "educationalCredentialAwarded": programme.title,
        "programType": programme.level,
        "timeToComplete": programme.duration,
        "maximumEnrollment": programme.cohort_capacity,
        "provider": _organisation(programme),
        "occupationalCategory": [career.title for career in programme.career_pathways.all()],
        "hasCourse": [_course(course, base_url) for course in programme.courses.all()],
    }


def course_jsonld(course: models.Model, base_url: str) -> dict:
    data = {"@context": "https://schema.org", **_course(course, base_url)}
    data["provider"] = _organisation(course.programme)
    data["isPartOf"] = {
        "@type": "EducationalOccupationalProgram",
        "name": course.programme.title,
        "url": base_url + course.programme.get_absolute_url(),
    }
    return data


def dumps_for_html(data: dict) -> str:
    """JSON safe inside a <script> element: <, > and & are escaped as \\u sequences."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
