"""Form fields shared by the apps."""

from django import forms
from django.db import connections, models


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id too large for the database's integers as it refuses one that is not a
    number. Django guards single lookups against such ids, not the ``__in`` this field makes: SQLite
    then raises OverflowError, a server error for what is only bad input (found by fuzzing)."""

    def _check_values(self, value):
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(field, models.IntegerField):  # the auto ids too
            ops = connections[self.queryset.db].ops
            low, high = ops.integer_field_range(field.get_internal_type())
            for pk in value:
                try:
                    number = int(pk)
                except (TypeError, ValueError):
                    continue  # Django's own check below refuses it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)
