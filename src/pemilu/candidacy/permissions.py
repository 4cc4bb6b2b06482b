"""Who does what in candidacy (issue 23). A party's liaison officer (``penghubung``) acts only on
its own party's lists: the role covers the KPU's region, ``LiaisonOfficer`` names the party, and
``queries.lists_visible_to`` / ``actions.ensure_liaison`` apply both."""

from __future__ import annotations

from pemilu.accounts.models import Role
from pemilu.accounts.permissions import KPU, register_actions

register_actions({
    # Lists with their rule status, the verification desk, the responses.
    "candidacy.view": {*KPU, Role.BAWASLU, Role.PEMANTAU, Role.PENGHUBUNG},
    "candidacy.submit": {Role.PENGHUBUNG},           # submit and correct the own party's list
    "candidacy.reply": {Role.PENGHUBUNG},            # the party's reply to a public response
    "candidacy.verify": KPU,                          # documents verified or returned for correction
    "candidacy.announce": {Role.KPU_ADMIN},           # DCS
    "candidacy.set_dct": {Role.KPU_ADMIN},            # DCT by decree
    "candidacy.responses": KPU,                       # forward and resolve public responses
    "candidacy.liaison": {Role.KPU_ADMIN},            # appoint a party's liaison officer
    "candidacy.import": {Role.KPU_ADMIN},             # pemilu candidates import
    "candidacy.ballot": KPU,                          # the specimen page of the KPU's dapil (the PDF is public)
})
