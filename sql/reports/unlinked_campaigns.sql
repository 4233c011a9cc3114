-- The doubt behind idle spend (docs/methodology.md, rule 7, "A paid lead naming no campaign
-- with spend"): marketing-sourced deals created in W or the three weeks before (the deals
-- idle_spend.sql counts) whose person is on a channel with spend in W and names a campaign
-- (campaign id, utm_campaign or campaign name) that fits no campaign with spend. Such a deal
-- may come from a campaign of that channel's platforms, so "spent without an opportunity"
-- cannot be said of them (functions/core/report/coverage.ts withUnlinkedCampaigns). A name
-- that fits several campaigns is named in the data health instead (ambiguous_campaigns.sql).
-- Leads of a channel without spend (a newsletter, an organic post) are not asked about.
-- Parameters as idle_spend.sql: week start and end as local dates, then the window start
-- (Monday of W-3) and the cutoff as UTC instants. One row per platform with spend on such a
-- person's channel and reference as the lead wrote it, with the persons it leaves unlinked.
-- ORDER BY names the output columns: Trino refuses an aggregate over an output alias there.
with

params as (

    select
        cast(? as date) as start_date,
        cast(? as date) as end_date,
        cast(? as timestamp) as window_start,
        cast(? as timestamp) as cutoff

),

week_channels as (

    select distinct fct_spend.platform, fct_spend.channel
    from fct_spend
    cross join params
    where fct_spend.spend_date >= params.start_date
        and fct_spend.spend_date < params.end_date
        and fct_spend.cost <> 0

),

unlinked as (

    select distinct fct_persons.person_key, coalesce(fct_persons.channel, 'other') as channel,
        fct_persons.campaign_reference
    from fct_deals
    cross join params
    inner join fct_persons
        on fct_persons.person_key = fct_deals.person_key
    where fct_deals.is_marketing_sourced
        and fct_deals.created_at >= params.window_start
        and fct_deals.created_at < params.cutoff
        and fct_persons.campaign_link is null
        and fct_persons.campaign_reference is not null

)

select
    week_channels.platform,
    unlinked.campaign_reference,
    count(distinct unlinked.person_key) as persons
from unlinked
inner join week_channels
    on week_channels.channel = unlinked.channel
group by week_channels.platform, unlinked.campaign_reference
order by platform, persons desc, campaign_reference
