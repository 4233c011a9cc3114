-- Likely twins (docs/methodology.md, "Deals synced between CRMs"): one deal loaded from two
-- CRMs, as a sync between them (HubSpot's Salesforce sync, Pipedrive tools) copies it, so that
-- every deal figure would count it twice. Two current deals are twins when they come from two
-- different sources and have
--   - the same name, lower-cased and trimmed (not empty),
--   - the same amount in the same currency (both given: a deal without an amount is never one),
--   - creation times at most 7 days apart (a sync copies a deal within days),
--   - no conflicting company domain (both given and different: two companies).
-- Only pairs that touch the week's deal figures: either deal created in the week, or won with
-- its close in the week. Only while `dealSources` is unset (cfg_deal_sources has no rows): with
-- it, the configured CRMs of record count and the rest are left out in stg_deals.
-- Parameters: the week's start and end (UTC instants of local Monday 00:00).
-- One row per pair of sources with twins: the pairs found.
with

params as (

    select
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as week_end

),

deals_compared as (

    select
        source,
        deal_id,
        lower(trim(name)) as name_key,
        amount,
        currency,
        account_domain,
        created_at,
        case when is_won then closed_at end as won_at
    from stg_deals
    where name is not null
        and trim(name) <> ''
        and amount is not null
        and currency is not null
        and not exists (select 1 from cfg_deal_sources)

),

-- Equality on name, amount and currency joins by hash; the rest only filters the few pairs.
twins as (

    select
        a.source as source_a,
        b.source as source_b
    from deals_compared as a
    inner join deals_compared as b
        on a.name_key = b.name_key
        and a.amount = b.amount
        and a.currency = b.currency
        and a.source < b.source
    cross join params
    where abs(to_unixtime(a.created_at) - to_unixtime(b.created_at)) <= 7 * 86400
        and (a.account_domain is null or b.account_domain is null or a.account_domain = b.account_domain)
        and (
            (a.created_at >= params.week_start and a.created_at < params.week_end)
            or (b.created_at >= params.week_start and b.created_at < params.week_end)
            or (a.won_at >= params.week_start and a.won_at < params.week_end)
            or (b.won_at >= params.week_start and b.won_at < params.week_end)
        )

)

select
    source_a,
    source_b,
    count(*) as twin_pairs
from twins
group by source_a, source_b
order by twin_pairs desc, source_a, source_b
