-- One row per deal: the latest version (SPEC §4.1), deleted deals dropped. With `dealSources`
-- set (cfg_deal_sources), only the deals of the CRMs of record: a CRM that mirrors another's
-- deals through a sync would count each deal twice (docs/methodology.md, "Deals synced between
-- CRMs"). Unset (no rows), every source's deals. A deal merged into another is dropped: a
-- current deal of its source names it in `merged_deal_ids` (HubSpot: the survivor lists the
-- merged-away ids; the merged-away deal is absent from later exports, but a version loaded
-- before the merge would count beside its survivor, its amount twice in the pipeline).
with

deal_sources as (

    select source from cfg_deal_sources

),

-- Filtered before the versions are ranked: a left-out source's deals need no ranking.
source as (

    select * from deals
    where not exists (select 1 from deal_sources)
        or deals.source in (select deal_sources.source from deal_sources)

),

versions as (

    select
        *,
        row_number() over (
            partition by source, deal_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from source

),

-- Each latest version names its own id; a current one also the deals merged into it. Names
-- meet in one window partition, so a deal some current deal lists is known in one pass (no
-- self-join: Trino inlines this view into every report query, and a join adds stages).
named as (

    select
        versions.*,
        ids.deal_id as named_id,
        max(case when ids.deal_id <> versions.deal_id then 1 else 0 end)
            over (partition by versions.source, ids.deal_id) as is_merged_away
    from versions
    cross join unnest(
        case
            when versions.merged_deal_ids is null or coalesce(versions.is_deleted, false) then array[versions.deal_id]
            else array[versions.deal_id] || versions.merged_deal_ids
        end
    ) as ids(deal_id)
    where versions.version_rank = 1

),

renamed as (

    select
        ----------  ids
        source,
        deal_id,
        converted_from_lead_id,
        ----------  account
        name,
        account_name,
        regexp_replace(lower(trim(account_domain)), '^www\.', '') as account_domain,
        contact_emails,
        contact_email_keys,
        contact_ids,
        ----------  state
        stage,
        coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won,
        amount,
        currency,
        owner_id,
        pipeline,
        ----------  timestamps
        created_at,
        -- Only the day is known (a file loaded before the flag existed: the time is).
        coalesce(created_at_time_unknown, false) as created_at_time_unknown,
        updated_at,
        closed_at,
        ingested_at
    from named
    where named_id = deal_id
        and is_merged_away = 0
        and coalesce(is_deleted, false) = false

)

select * from renamed
