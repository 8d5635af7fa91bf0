"""Shared form fields."""

import pytest
from django import forms

from portal.forms import ModelMultipleChoiceField
from practices.models import Theme


@pytest.mark.django_db
@pytest.mark.parametrize("value", [str(2**70), str(-(2**70))])
def test_an_id_too_large_for_the_database_is_a_form_error_not_a_server_error(value):
    field = ModelMultipleChoiceField(queryset=Theme.objects.all())

    with pytest.raises(forms.ValidationError) as error:
        field.clean([value])

    assert error.value.code == "invalid_pk_value"


@pytest.mark.django_db
def test_ids_that_exist_are_still_chosen():
    theme = Theme.objects.create(name="Cybersecurity", slug="cybersecurity")
    field = ModelMultipleChoiceField(queryset=Theme.objects.all())

    assert list(field.clean([str(theme.pk)])) == [theme]
