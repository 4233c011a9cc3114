-- Whose deals count (docs/methodology.md, "Deals synced between CRMs"), three checks in one query:
--
-- 1. `dealSources` that cannot be right: it names a source that holds no deals at all while the
--    deals of another source are left out (`salesforse` for `salesforce`, `hubspt` beside
--    `salesforce`). Every deal figure would read 0 for the left-out CRM without any sign.
--    One row per such name (`named_without_deals`) and per source left out (`left_out`); none
--    when every name holds deals, or when no loaded source is left out (a CRM not loaded yet).
--
-- 2. Likely twins: one deal loaded from two CRMs, as a sync between them (HubSpot's Salesforce
-- sync, Pipedrive tools) copies it, so that every deal figure would count it twice. Two current
-- deals are twins when they come from two different sources and have
--   - the same name, lower-cased and trimmed (not empty),
--   - the same amount in the same currency (both given: a deal without an amount is never one),
--   - creation times at most 7 days apart (a sync copies a deal within days),
--   - no conflicting company domain (both given and different: two companies).
-- Only pairs that touch the week's deal figures: either deal created in the week, or won with
-- its close in the week. Only while `dealSources` is unset (cfg_deal_sources has no rows): with
-- it, the configured CRMs of record count and the rest are left out in stg_deals (naming several
-- says that their deals are distinct).
--
-- 3. Deals that nothing links to a lead: a source with deals created or won in the week none of
--    whose counted deals names a contact by email, an account domain or a converted lead, nor a
--    contact by an id some loaded lead of its source carries as its own id, none of which a
--    lead's conversion claims, and none of whose leads records a conversion (a HubSpot deals
--    view exported without Associated Contact, a Pipedrive deals list without the person's
--    email, contacts given by name only, Salesforce opportunities naming `003…` contact ids
--    while the leads export has no Converted Contact ID: a contact id then matches no lead).
--    Every deal of it would read sales-sourced: "marketing-sourced 0 %" stated from
--    an export that cannot say. One row per week and such source (`unlinked`).
-- Parameter as coverage.sql: the weeks a report shows (their start and end, UTC instants of
-- local Monday 00:00, are the 2nd and 3rd fields), so that the deals are read once per report.
-- Per week (`week_index`): one row per pair of sources with twins (`twins`, with the count of
-- pairs), the rows of check 1, the same for every week, and those of check 3.
with

weeks as (

    select
        cast(split_part(week.spec, '|', 1) as integer) as week_index,
        cast(split_part(week.spec, '|', 2) as timestamp) as week_start,
        cast(split_part(week.spec, '|', 3) as timestamp) as week_end
    from unnest(split(cast(? as varchar), ';')) as week(spec)

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
pairs as (

    select
        a.source as source_a,
        b.source as source_b,
        a.created_at as created_a,
        b.created_at as created_b,
        a.won_at as won_a,
        b.won_at as won_b
    from deals_compared as a
    inner join deals_compared as b
        on a.name_key = b.name_key
        and a.amount = b.amount
        and a.currency = b.currency
        and a.source < b.source
    where abs(to_unixtime(a.created_at) - to_unixtime(b.created_at)) <= 7 * 86400
        and (a.account_domain is null or b.account_domain is null or a.account_domain = b.account_domain)

),

-- The pairs that touch each week's deal figures.
twins as (

    select
        weeks.week_index,
        pairs.source_a,
        pairs.source_b
    from pairs
    inner join weeks
        on (pairs.created_a >= weeks.week_start and pairs.created_a < weeks.week_end)
        or (pairs.created_b >= weeks.week_start and pairs.created_b < weeks.week_end)
        or (pairs.won_a >= weeks.week_start and pairs.won_a < weeks.week_end)
        or (pairs.won_b >= weeks.week_start and pairs.won_b < weeks.week_end)

),

loaded_sources as (

    select distinct source from deals

),

named_without_deals as (

    select cfg_deal_sources.source
    from cfg_deal_sources
    where cfg_deal_sources.source not in (select loaded_sources.source from loaded_sources)

),

left_out as (

    select loaded_sources.source
    from loaded_sources
    where exists (select 1 from cfg_deal_sources)
        and loaded_sources.source not in (select cfg_deal_sources.source from cfg_deal_sources)

),

-- Per source: whether any counted deal names a contact key (an array with an element that is
-- not null: array_join skips nulls, on both engines), an account domain or a converted lead.
-- No unnest here: a lateral unnest of every deal's contacts took most of this query's time.
deal_links as (

    select
        stg_deals.source,
        max(
            case
                when stg_deals.account_domain is not null
                    or stg_deals.converted_from_lead_id is not null
                    or coalesce(array_join(stg_deals.contact_email_keys, ''), '') <> '' then 1
                else 0
            end
        ) as has_link
    from stg_deals
    group by stg_deals.source

),

-- Sources without such a link whose deals name contacts by id, one row per id: only these few
-- deals are unnested. An id links only where it is of a kind the source's leads carry (a lead
-- id where contacts load as leads, HubSpot and Pipedrive); a Salesforce `003…` contact id
-- matches a lead only through its converted contact id (converting_sources below).
named_ids as (

    select
        stg_deals.source,
        contact.contact_id
    from stg_deals
    inner join deal_links
        on deal_links.source = stg_deals.source
    cross join unnest(stg_deals.contact_ids) as contact(contact_id)
    where deal_links.has_link = 0
        and stg_deals.contact_ids is not null
        and contact.contact_id is not null

),

-- The sources one of whose deals names by id a lead of the source (a merged-away id included).
id_linked_sources as (

    select distinct named_ids.source
    from named_ids
    inner join int_persons__handles as handles
        on handles.handle = 'L' || named_ids.source || '|' || named_ids.contact_id

),

-- Sources whose leads record conversions (a Salesforce leads export's converted ids): their
-- conversions link their deals even where the deals name no one, so a deal no lead was
-- converted into is sales-sourced as measured.
converting_sources as (

    select distinct int_leads__keyed.source
    from int_leads__keyed
    where int_leads__keyed.converted_deal_id is not null
        or int_leads__keyed.converted_contact_id is not null

),

-- The unlinkable sources with a deal created or won in each week.
unlinked as (

    select distinct
        weeks.week_index,
        stg_deals.source
    from stg_deals
    inner join deal_links
        on deal_links.source = stg_deals.source
    inner join weeks
        on (stg_deals.created_at >= weeks.week_start and stg_deals.created_at < weeks.week_end)
        or (stg_deals.is_won and stg_deals.closed_at >= weeks.week_start and stg_deals.closed_at < weeks.week_end)
    where deal_links.has_link = 0
        and stg_deals.source not in (
            select fct_deals.source from fct_deals where fct_deals.is_marketing_sourced
        )
        and stg_deals.source not in (select converting_sources.source from converting_sources)
        and stg_deals.source not in (select id_linked_sources.source from id_linked_sources)

),

findings as (

    select
        week_index,
        'twins' as finding,
        source_a,
        source_b,
        count(*) as twin_pairs
    from twins
    group by week_index, source_a, source_b

    union all

    select
        weeks.week_index,
        'named_without_deals' as finding,
        named_without_deals.source as source_a,
        cast(null as varchar) as source_b,
        cast(0 as bigint) as twin_pairs
    from named_without_deals
    cross join weeks
    where exists (select 1 from left_out)

    union all

    select
        weeks.week_index,
        'left_out' as finding,
        left_out.source as source_a,
        cast(null as varchar) as source_b,
        cast(0 as bigint) as twin_pairs
    from left_out
    cross join weeks
    where exists (select 1 from named_without_deals)

    union all

    select
        unlinked.week_index,
        'unlinked' as finding,
        unlinked.source as source_a,
        cast(null as varchar) as source_b,
        cast(0 as bigint) as twin_pairs
    from unlinked

)

select
    week_index,
    finding,
    source_a,
    source_b,
    twin_pairs
from findings
order by week_index, finding, twin_pairs desc, source_a, source_b
