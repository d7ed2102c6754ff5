"""The GDPR article of each kind of request, for pages, letters and e-mail.

The Dutch labels of the request vocabulary are carried by the enums themselves
(`register.subject_requests.models`, `LabelledEnum`).
"""

from __future__ import annotations

from register.subject_requests.models import RequestKind

ARTICLES = {
    RequestKind.ACCESS: "art. 15 AVG",
    RequestKind.RECTIFICATION: "art. 16 AVG",
    RequestKind.ERASURE: "art. 17 AVG",
    RequestKind.RESTRICTION: "art. 18 AVG",
    RequestKind.PORTABILITY: "art. 20 AVG",
    RequestKind.OBJECTION: "art. 21 AVG",
    RequestKind.WITHDRAWAL: "art. 7(3) AVG",
}
