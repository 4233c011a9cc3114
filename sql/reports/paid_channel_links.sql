-- SPEC §5 paid figures: the paid channels are the channels with spend in W. When the week's
-- persons that rule 7 links to a spend campaign of W sit on another channel than that campaign's
-- spend (a Google Ads Demand Gen campaign is display, HubSpot calls its leads "Paid Search"),
-- and their channel has no spend of its own in W, the week's spend would be divided by the other
-- paid leads only: the paid figures are then not measured (functions/core/report/coverage.ts).
-- Parameter as coverage.sql: the weeks a report shows, each with its start and cutoff as UTC
-- instants and the window start date and end date as local dates (W's first day is 21 days
-- after the window's). One row per week, ad platform, spend channel and lead channel, with the
-- persons so linked.
with

weeks as (

    select
        cast(split_part(week.spec, '|', 1) as integer) as week_index,
        cast(split_part(week.spec, '|', 2) as timestamp) as week_start,
        cast(split_part(week.spec, '|', 3) as timestamp) as cutoff,
        cast(cast(split_part(week.spec, '|', 5) as date) + interval '21' day as date) as start_date,
        cast(split_part(week.spec, '|', 6) as date) as end_date
    from unnest(split(cast(? as varchar), ';')) as week(spec)

),

week_spend as (

    select distinct
        weeks.week_index,
        fct_spend.platform,
        fct_spend.campaign_id,
        fct_spend.channel
    from fct_spend
    cross join weeks
    where fct_spend.spend_date >= weeks.start_date
        and fct_spend.spend_date < weeks.end_date
        and fct_spend.cost <> 0

),

spend_channels as (

    select distinct week_index, channel from week_spend

),

linked as (

    select
        weeks.week_index,
        week_spend.platform,
        week_spend.channel as spend_channel,
        coalesce(fct_persons.channel, 'other') as lead_channel,
        fct_persons.person_key
    from fct_persons
    cross join weeks
    inner join week_spend
        on week_spend.week_index = weeks.week_index
        and week_spend.platform = fct_persons.ad_platform
        and week_spend.campaign_id = fct_persons.ad_campaign_id
    where fct_persons.created_at >= weeks.week_start
        and fct_persons.created_at < weeks.cutoff
        and week_spend.channel <> coalesce(fct_persons.channel, 'other')

)

select
    linked.week_index,
    linked.platform,
    linked.spend_channel,
    linked.lead_channel,
    count(distinct linked.person_key) as persons
from linked
left join spend_channels
    on spend_channels.week_index = linked.week_index
    and spend_channels.channel = linked.lead_channel
where spend_channels.channel is null
group by linked.week_index, linked.platform, linked.spend_channel, linked.lead_channel
order by linked.week_index, linked.platform, linked.spend_channel, linked.lead_channel
