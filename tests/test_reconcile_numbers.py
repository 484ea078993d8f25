import pytest

from storyfold.reconcile.numbers import comparable, find_quantities, same_number


def one(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text", ["EUR 1.1 billion", "€1.1bn", "1.1 billion euros", "€ 1.1 bn"])
def test_money_forms_normalise_to_one_value(text):
    q = one(f"Russia received {text} in fuel sales.")
    assert q.unit == "EUR" and q.value == pytest.approx(1.1e9)


def test_euro_forms_are_the_same_number():
    a, b, c = (one(t) for t in ("EUR 1.1 billion", "€1.1bn", "1.1 billion euros"))
    assert same_number(a, b) and same_number(b, c)


def test_rounding_is_not_a_difference():
    assert same_number(one("$1.28 billion"), one("$1.3bn"))
    assert not same_number(one("$1.28 billion"), one("$1.4bn"))


def test_different_currencies_never_compare():
    assert not same_number(one("€1.1bn"), one("$1.1bn"))


def test_counts_name_what_they_count():
    assert one("26 European countries pledged troops").unit == "country"
    assert one("Twenty-six Western allies have formally committed").value == 26
    assert one("26 of Ukraine's allies have pledged").unit == "ally"
    assert one("Russia fired 112 strike and decoy drones overnight").unit == "drone"
    assert one("a 26-nation pledge").unit == "nation"


def test_count_kinds_group_synonyms_but_not_other_things():
    countries, allies, soldiers = (one(t) for t in ("26 countries", "26 allies", "26 soldiers"))
    assert same_number(countries, allies)
    assert not same_number(countries, soldiers)


def test_26_and_27_countries_differ():
    a, b = one("26 countries"), one("27 countries")
    assert comparable(a, b) and not same_number(a, b)


def test_hedged_numbers_get_slack():
    assert same_number(one("about 100 people"), one("104 people"))
    assert not same_number(one("100 people"), one("104 people"))


def test_measures_convert():
    assert same_number(one("5 km"), one("3.1 miles"))


@pytest.mark.parametrize(
    "text", ["on January 1, 2028.", "in 2022, the ban", "at 5pm on Sunday", "on Sept 5 the"]
)
def test_dates_and_times_are_not_quantities(text):
    assert find_quantities(text) == []


def test_bounds_in_opposite_directions_can_both_hold():
    from storyfold.reconcile.numbers import consistent

    assert consistent(one("more than 100 mph"), one("up to 120 mph"))
    assert consistent(one("more than 100 mph"), one("120 mph"))
    assert not consistent(one("100 mph"), one("120 mph"))
    assert not consistent(one("at least 10 people"), one("at least three people"))
