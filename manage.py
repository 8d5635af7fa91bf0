#!/usr/bin/env python
"""Django's command-line utility for the Mutual Learning Portal."""

import os
import sys


def main() -> None:
    from portal.settings.env import settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
