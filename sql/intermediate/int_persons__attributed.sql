-- One row per person: created at its earliest lead record; channel and campaign from the
-- earliest (first touch) or latest (last touch) record, per cfg_settings.attribution. Records
-- merged into one of its leads count here (SPEC §4.1, §4.3: an earlier duplicate is the
-- person's first touch); its email key, lead count, lead id and owner come from its own leads.
-- One window ranks each person's records in the configured direction (ties: source, then
-- lead id) and carries the person's totals.
with

leads as (

    select * from int_leads__keyed

),

settings as (

    select attribution from cfg_settings

),

free_mail as (

    select domain from cfg_free_mail_domains

),

ranked as (

    -- One pass: the person's totals are whole-partition aggregates of the same window that
    -- ranks its leads, so no separate group-by and join back.
    select
        leads.person_key,
        leads.channel,
        leads.campaign_id,
        leads.campaign_name,
        leads.utm_campaign,
        -- A merged-away record's owner is stale: the person's owner comes from its own leads.
        case when leads.merged_into_lead_id is null then leads.owner_id end as owner_id,
        row_number() over person_leads as touch_rank,
        min(leads.created_at) over whole_person as created_at,
        -- The person's creation is known only to the day when a record known only to the day
        -- is its earliest: that day's start is at or before every record with a time.
        min(case when leads.created_at_time_unknown then leads.created_at end) over whole_person
            as earliest_day_only_at,
        min(case when not leads.created_at_time_unknown then leads.created_at end) over whole_person
            as earliest_timed_at,
        min(case when leads.merged_into_lead_id is null then leads.lead_id end) over whole_person as min_lead_id,
        sum(case when leads.merged_into_lead_id is null then 1 else 0 end) over whole_person as count_leads,
        max(case when leads.merged_into_lead_id is null then leads.email_key end) over whole_person as email_key,
        max(case when leads.merged_into_lead_id is null then leads.email_domain end) over whole_person as email_domain,
        max(case when leads.merged_into_lead_id is null then leads.owner_id end) over whole_person as any_owner_id,
        max(
            case
                when leads.lifecycle_stage in ('mql', 'sql', 'opportunity', 'customer') or leads.mql_at is not null
                    then 1
                else 0
            end
        ) over whole_person as mql_flag,
        min(leads.mql_since) over whole_person as mql_since
    from leads
    cross join settings
    window person_leads as (
        partition by leads.person_key
        order by
            case when settings.attribution = 'last_touch' then -1 else 1 end
                * to_unixtime(leads.created_at) asc,
            case when settings.attribution = 'last_touch' then null else leads.source end asc,
            case when settings.attribution = 'last_touch' then null else leads.lead_id end asc,
            case when settings.attribution = 'last_touch' then leads.source end desc,
            case when settings.attribution = 'last_touch' then leads.lead_id end desc
    ),
    whole_person as (person_leads rows between unbounded preceding and unbounded following)

)

select
    ranked.person_key,
    ranked.email_key,
    case when free_mail.domain is null then ranked.email_domain end as business_email_domain,
    ranked.created_at,
    coalesce(ranked.earliest_day_only_at <= ranked.created_at, false) as created_at_time_unknown,
    -- The latest the person can have been created: the end of its earliest record's day (its
    -- start + 24 hours) when that record is known only to the day, but never after a record
    -- with a time; `created_at` itself otherwise (docs/methodology.md, "Times known only to the day").
    case
        when ranked.earliest_day_only_at > ranked.created_at or ranked.earliest_day_only_at is null
            then ranked.created_at
        when ranked.earliest_timed_at is null then ranked.earliest_day_only_at + interval '1' day
        else least(ranked.earliest_day_only_at + interval '1' day, ranked.earliest_timed_at)
    end as created_latest_at,
    ranked.min_lead_id,
    ranked.count_leads,
    ranked.mql_flag = 1 as is_mql,
    ranked.mql_since,
    ranked.channel,
    ranked.campaign_id,
    ranked.campaign_name,
    ranked.utm_campaign,
    coalesce(ranked.owner_id, ranked.any_owner_id) as owner_id
from ranked
left join free_mail
    on free_mail.domain = ranked.email_domain
where ranked.touch_rank = 1
    -- Records only, no lead of its own: their survivor was merged away again (a chain the
    -- one-pass merge resolution does not follow). Never a person of their own.
    and ranked.count_leads > 0
