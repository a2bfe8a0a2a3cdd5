"""nbgrader settings every classroom user gets (found through JUPYTER_CONFIG_PATH).

deploy/jupyterhub_config.py sets, for each user server:
COURSEKIT_COURSE_ID, COURSEKIT_COURSE_DIR, COURSEKIT_ROLE ("trainer" or "trainee"),
COURSEKIT_EXCHANGE_KIND ("filesystem" or "ngshare") and, with it, COURSEKIT_EXCHANGE (the
shared folder) or COURSEKIT_NGSHARE_URL (the ngshare service). On a machine without the hub
(e.g. a trainer's laptop) none of them is set and this file changes nothing.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

NGSHARE = os.environ.get("COURSEKIT_EXCHANGE_KIND") == "ngshare"
ROLE = os.environ.get("COURSEKIT_ROLE")

if os.environ.get("COURSEKIT_COURSE_ID") and not (NGSHARE and ROLE == "trainee"):
    # (With ngshare a trainee may take several courses: no default course, so the Assignment
    # List offers every course ngshare has them in.)
    c.CourseDirectory.course_id = os.environ["COURSEKIT_COURSE_ID"]
if os.environ.get("COURSEKIT_EXCHANGE"):
    c.Exchange.root = os.environ["COURSEKIT_EXCHANGE"]
if NGSHARE:
    # nbgrader's fetch, submit, collect, release and feedback go to the ngshare service over HTTP,
    # authenticated with this server's hub token (JUPYTERHUB_API_TOKEN).
    try:
        from ngshare_exchange import configureExchange
    except ImportError:
        raise RuntimeError(
            "this hub uses the ngshare exchange but ngshare-exchange is not installed in the user "
            "servers' Python environment: pip install --no-deps ngshare-exchange==0.5.3 rapidfuzz") from None
    configureExchange(c, os.environ["COURSEKIT_NGSHARE_URL"])

if ROLE == "trainer" and os.environ.get("COURSEKIT_COURSE_DIR"):
    # The course's own settings (gradebook, timeouts, stubs) from course/nbgrader_config.py.
    _course_config = os.path.join(os.environ["COURSEKIT_COURSE_DIR"], "nbgrader_config.py")
    if os.path.exists(_course_config):
        load_subconfig(_course_config)  # noqa: F821
    c.CourseDirectory.root = os.environ["COURSEKIT_COURSE_DIR"]
elif ROLE == "trainee" and os.environ.get("JUPYTERHUB_USER") and not NGSHARE:
    # Submit under the hub name even when every server runs as the same Unix user
    # (nbgrader would otherwise use the Unix name). ngshare needs no help: it knows the
    # trainee from the hub token, and refuses an explicit student id.
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
