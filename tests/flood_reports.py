"""Two hand-written reports of one flood by two agencies, for tests: the same facts in
the same order, two counts that differ (3,000 / 5,000 evacuated), one claim told in part."""

FIRST = "\n\n".join([
    "Floods force thousands from homes in northern Portugal",
    "{dateline_a} - Heavy rain flooded towns along the Douro river on Thursday, and "
    "authorities said 3,000 people were evacuated from their homes overnight.",
    '"The water rose faster than anyone expected," said Carlos Mendes, the mayor of Peso da '
    "Regua. He said two bridges were closed and schools would stay shut until Monday.",
    "The civil protection agency said no deaths had been reported. Forecasters expect more "
    "rain over the weekend.",
]) + "\n"
SECOND = "\n\n".join([
    "Thousands evacuated as Douro river bursts its banks",
    "{dateline_b} - Floodwaters swept through towns on the Douro river in northern Portugal "
    "on Thursday. Some 5,000 people were evacuated, civil protection officials said.",
    "Peso da Regua mayor Carlos Mendes said the water had risen faster than anyone expected. "
    "Two bridges were closed, he said.",
    "One person died after being swept away by the current, the agency said. More rain is "
    "forecast for the weekend.",
]) + "\n"
