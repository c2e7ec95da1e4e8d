"""The quick check of naturalisation: §§ 8, 10, 12a StAG, with dates of validity.

Pure: plain values in, frozen dataclasses out; no database, no request.

- ``law``: the dated tables (residence years, language and test, livelihood
  exceptions, commitment, conviction thresholds) and their look-ups;
- ``texts``: what the applicant reads, in plain language (gettext);
- ``check``: the answers, the result and ``quick_check()``.

Everything is importable from ``naturalisation.rules`` itself.
"""

from .check import *  # noqa: F403
from .law import *  # noqa: F403
from .texts import *  # noqa: F403
