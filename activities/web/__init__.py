"""The web wing of activities: a state from a URL, its panel, the one page flow and the one formats table.

``activities.engine`` computes and draws for every activity, ``activities.kinds`` holds one folder per
activity; this package turns requests into those calls and their answers into pages and files.
"""
