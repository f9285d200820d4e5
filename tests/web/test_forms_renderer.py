"""The form renderer writes drop-downs in Python exactly as Django's templates write them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from tandem.portfolio.forms import InitiativeForm, initiative_filter_form
from tandem.web.forms_renderer import FormRenderer
from tests.factories import BusinessUnitFactory, PersonFactory, TeamFactory

TEMPLATES = DjangoTemplates()


class Awkward(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "A & B"), ("b", '"quoted" <tag>')], initial="b")
    grouped = forms.ChoiceField(
        choices=[("Europe", [("de", "Germany"), ("fr", "France")]), ("xx", "Elsewhere")],
        required=False,
        disabled=True,
    )
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, "three")])


def _both(field: forms.BoundField, attrs: dict | None = None) -> tuple[str, str]:
    widget = field.field.widget
    context = widget.get_context(
        field.html_name, field.value(), {"id": field.auto_id, **(attrs or {})}
    )
    return (
        FormRenderer().render(widget.template_name, context),
        TEMPLATES.render(widget.template_name, context),
    )


@pytest.mark.parametrize("name", ["plain", "grouped", "many"])
def test_select_matches_django_templates_for_awkward_choices(name):
    form = Awkward(data={"plain": "a", "many": ["1", "3"]})
    ours, django = _both(form[name], {"class": "form-select", "aria-describedby": 'x"y'})
    assert ours == django
    assert "<option" in ours


@pytest.mark.django_db
def test_select_matches_django_templates_on_real_forms():
    unit = BusinessUnitFactory(name="R&D <Labs>")
    TeamFactory.create_batch(3)
    PersonFactory.create_batch(4, unit=unit)
    filters = initiative_filter_form({"unit": str(unit.pk)})
    edit = InitiativeForm()
    fields = [filters[n] for n in ("unit", "goal", "kind", "team")]
    fields += [edit[n] for n in ("requesting_unit", "kind", "business_sponsor", "it_owner")]
    for field in fields:
        ours, django = _both(field, {"class": "form-select"})
        assert ours == django, field.name
    assert "selected>R&amp;D &lt;Labs&gt;</option>" in _both(filters["unit"])[0]


def test_other_widgets_are_left_to_the_templates():
    form = Awkward()
    radio = forms.RadioSelect(choices=[("a", "A")])
    context = radio.get_context("r", "a", {"id": "id_r"})
    assert FormRenderer().render(radio.template_name, context) == TEMPLATES.render(
        radio.template_name, context
    )
    assert form["plain"].as_widget().startswith('<select name="plain"')
