"""nbgrader settings every classroom user gets (found through JUPYTER_CONFIG_PATH).

deploy/jupyterhub_config.py sets, for each user server:
COURSEKIT_COURSE_ID, COURSEKIT_EXCHANGE, COURSEKIT_COURSE_DIR and COURSEKIT_ROLE
("trainer" or "trainee"). On a machine without the hub (e.g. a trainer's laptop)
none of them is set and this file changes nothing.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

if os.environ.get("COURSEKIT_COURSE_ID"):
    c.CourseDirectory.course_id = os.environ["COURSEKIT_COURSE_ID"]
if os.environ.get("COURSEKIT_EXCHANGE"):
    c.Exchange.root = os.environ["COURSEKIT_EXCHANGE"]

ROLE = os.environ.get("COURSEKIT_ROLE")
if ROLE == "trainer" and os.environ.get("COURSEKIT_COURSE_DIR"):
    # The course's own settings (gradebook, timeouts, stubs) from course/nbgrader_config.py.
    _course_config = os.path.join(os.environ["COURSEKIT_COURSE_DIR"], "nbgrader_config.py")
    if os.path.exists(_course_config):
        load_subconfig(_course_config)  # noqa: F821
    c.CourseDirectory.root = os.environ["COURSEKIT_COURSE_DIR"]
elif ROLE == "trainee" and os.environ.get("JUPYTERHUB_USER"):
    # Submit under the hub name even when every server runs as the same Unix user
    # (nbgrader would otherwise use the Unix name).
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
