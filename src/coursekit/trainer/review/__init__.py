"""Stage 3, review: what the grades say and what trainees get back.

- :mod:`~coursekit.trainer.review.scores` — the gradebook as tables
- :mod:`~coursekit.trainer.review.items` — item analysis and trainee profiles
- :mod:`~coursekit.trainer.review.report` — the class report (HTML)
- :mod:`~coursekit.trainer.review.export` — grade sheets (CSV, Excel)
- :mod:`~coursekit.trainer.review.feedback` — per-trainee feedback that keeps hidden tests hidden
- :mod:`~coursekit.trainer.review.progress` — text lines for showing a grading run
"""
