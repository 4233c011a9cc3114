-- Campaign names that leads carry and that fit two or more ad campaigns with spend, so those
-- leads are linked to none (int_persons__campaigned): the report's data-health notes name
-- them, with the persons they leave unlinked, most first. Whole data set, no parameters.
select
    campaign_reference,
    count(*) as persons
from fct_persons
where campaign_link = 'ambiguous'
group by campaign_reference
order by count(*) desc, campaign_reference asc
