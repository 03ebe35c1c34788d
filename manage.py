#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoasapp.settings")
    # Django replaces TZ with the site's TIME_ZONE as it starts; demo_journal
    # gives the demo member the zone of the machine, so keep the one given.
    os.environ.setdefault("PSOASAPP_TZ_AT_START", os.environ.get("TZ", ""))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
