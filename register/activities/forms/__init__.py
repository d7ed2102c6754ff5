"""The forms of the activities feature.

inputs     the input fields (id and code choices, check boxes, texts, link and text checks)
  ↓
rows       the repeated rows (purposes, data categories, ...), adding an empty row
  ↓
activity   ActivityForm: the catalogue's scalar fields, the lists and the rows → command
actions    RetireForm, ActivateForm
"""

from register.activities.forms.actions import ActivateForm, RetireForm
from register.activities.forms.activity import ActivityForm, ids_in_use, initial_data

__all__ = ["ActivateForm", "ActivityForm", "RetireForm", "ids_in_use", "initial_data"]
