"""Checks for 00_start_here on other seeds.

The start page teaches no planted truth (it only points to where each is found), so the
checks cover what it demonstrates: that ``coursekit.load`` really read the folder named by
``COURSEKIT_DATA`` (the mechanism the other-seed test relies on), that every table loaded,
and that the bring-your-own-data demo read the whole hand-typed export and stopped on the
broken copy.
"""

CHECKS = [
    ("coursekit.load reads the folder COURSEKIT_DATA names",
     "import os\nfrom pathlib import Path\nfrom coursekit.datasets import find_data_dir\n"
     "assert find_data_dir() == Path(os.environ['COURSEKIT_DATA']).expanduser(), find_data_dir()"),
    ("the overview loaded every course table, none empty",
     "assert set(tables) == set(coursekit.datasets.NAMES), sorted(tables)\n"
     "assert all(len(table) > 0 for table in tables.values())"),
    ("the read_tickets demo read every row of the hand-typed export",
     "assert len(my_tickets) == len(my_export) == 5, len(my_tickets)\n"
     "assert my_tickets['resolved_at'].isna().sum() == 1  # the one blank completion time"),
    ("the file with a title row and a totals row reads the same five tickets",
     "assert len(from_file) == len(my_export) and same, from_file['ticket_id'].tolist()"),
]
