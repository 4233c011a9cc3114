-- Campaign names that leads carry and that fit two or more ad campaigns with spend, so those
-- leads are linked to none (int_persons__campaigned): the report's data-health notes name
-- them, with the persons they leave unlinked, most first. One line per normalized name, shown
-- as one of the ways leads wrote it (the first in sort order). Whole data set, no parameters.
-- ORDER BY names the output columns: Trino refuses an aggregate over an output alias there.
select
    min(campaign_reference) as campaign_reference,
    count(*) as persons
from fct_persons
where campaign_link = 'ambiguous'
group by campaign_key
order by persons desc, campaign_reference asc
