"""Helpers the tests share: plain functions and constants, imported by test modules and conftests alike
(a test module never imports another test module)."""
