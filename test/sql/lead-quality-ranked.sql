-- The lead quality query as it was before int_leads__verdicts (it ranked the canonical versions of
-- the cohort's records at every report), kept as the reference test/sql/lead-quality-as-of.test.ts
-- compares sql/reports/lead_quality.sql with, week by week.
-- Lead quality, sales' view (issue #16 item 3; docs/methodology.md "Lead quality"), kept apart
-- from the SLA figures. Cohort: the persons created in W and the 12 weeks before (the cohort
-- of the follow-up effect, SPEC §5b), by person channel, as of the cutoff:
--   persons              persons of the cohort
--   judged               of them, with a lead whose version as of the cutoff says whether sales
--                        disqualified it (none: the figure is not measured)
--   disqualified         with at least one lead (its own or a record merged into one) that sales
--                        had disqualified as of the cutoff: the latest version changed (else
--                        created) before the cutoff, so a re-run of a past week keeps its figure
--   free_mail_only       every email key of the person (int_persons__handles) on a free-mail
--                        domain (cfg_free_mail_domains, the rule of business_email_domain)
--   role_addresses       the person's email key is a role address (cfg_role_addresses: info@…)
--   existing_customers   a domain of the person (int_persons__domains: free-mail and platform
--                        domains never count) had a deal won and closed before the person was
--                        created
-- and, by the lead's own channel, over the lead records created in the same 13 weeks:
--   leads                the leads of their own (records merged into another not counted)
--   duplicates           of them, those whose person already had an earlier lead in the same
--                        source (a copy synced to another CRM is the same person, not a duplicate)
-- Rows: kind 'channel' (one per channel), 'total' (one) and 'reason' (disqualified persons
-- per reason, the reason of each person's latest disqualified lead; null: none given). One
-- pass with grouping sets, so Trino plans the upstream models once.
-- Parameters: cohort start (Monday 00:00 of W-12) and cutoff (end of W), UTC instants.
with

params as (

    select
        cast(? as timestamp) as cohort_start,
        cast(? as timestamp) as cutoff

),

-- The records of the persons the figures can touch: a person of the cohort has its earliest
-- record in the 13 weeks, and a lead of the 13 weeks belongs to its person. Every window below
-- partitions by person (or by record), so reading only these persons' records gives the same
-- rows, and the version window runs over their records only, not over every lead loaded.
cohort_records as (

    select
        keyed.person_key,
        keyed.source,
        keyed.lead_id,
        keyed.created_at,
        keyed.merged_into_lead_id,
        coalesce(keyed.channel, 'other') as lead_channel
    from int_leads__keyed as keyed
    where keyed.person_key in (
        select touched.person_key
        from int_leads__keyed as touched
        cross join params
        where touched.created_at >= params.cohort_start
            and touched.created_at < params.cutoff
    )

),

-- Each lead record's versions that may stand as of the cutoff: changed (else created) before it.
-- A version without updated_at shows the record as of its export day (methodology rule 1), so
-- one exported after the cutoff stands only when no version is known from before it: it never
-- outranks one that was, and a verdict exported after the week does not change the week.
candidates as (

    select
        leads.*,
        max(
            case
                when coalesce(leads.updated_at, cast(cast(leads.dt as date) as timestamp) + interval '1' day)
                    <= params.cutoff then 1
                else 0
            end
        ) over (partition by leads.source, leads.lead_id) as has_known,
        coalesce(leads.updated_at, cast(cast(leads.dt as date) as timestamp) + interval '1' day)
            <= params.cutoff as is_known
    from leads
    inner join cohort_records
        on cohort_records.source = leads.source
        and cohort_records.lead_id = leads.lead_id
    cross join params
    where coalesce(leads.updated_at, leads.created_at) < params.cutoff

),

-- Each lead record's version as of the cutoff (the order of stg_leads' versions).
as_of as (

    select
        source,
        lead_id,
        is_disqualified,
        disqualification_reason,
        coalesce(updated_at, created_at) as judged_at,
        -- The newest known by the cutoff; when none is, the one known soonest after it.
        case
            when has_known = 1 then row_number() over (
                partition by source, lead_id
                order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                    dt desc, ingested_at desc, batch_id desc, batch_row desc
            )
            else row_number() over (
                partition by source, lead_id
                order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) asc,
                    dt asc, ingested_at asc, batch_id asc, batch_row asc
            )
        end as version_rank
    from candidates
    where is_known or has_known = 0

),

records as (

    select
        cohort.*,
        -- Which records count is the current graph's (int_leads__keyed); a merge deletes the
        -- loser in Salesforce, and its verdict still counts for the survivor's person.
        as_of.is_disqualified is not null as is_judged,
        coalesce(as_of.is_disqualified, false) as is_disqualified,
        as_of.disqualification_reason,
        as_of.judged_at
    from cohort_records as cohort
    left join as_of
        on as_of.source = cohort.source
        and as_of.lead_id = cohort.lead_id
        and as_of.version_rank = 1

),

-- One window over each person's records: the first row (disqualified ones first, the latest
-- judged first) carries the person's verdict and reason; an own lead whose previous own lead
-- in (source, created_at, lead id) order is in the same source is a duplicate.
ranked as (

    select
        records.*,
        row_number() over (
            partition by records.person_key
            order by case when records.is_disqualified then 0 else 1 end, records.judged_at desc,
                records.source, records.lead_id
        ) as person_rank,
        max(case when records.is_judged then 1 else 0 end) over (partition by records.person_key) as person_judged,
        case
            when records.merged_into_lead_id is null
                and lag(case when records.merged_into_lead_id is null then records.source end) over (
                    partition by records.person_key
                    order by case when records.merged_into_lead_id is null then 0 else 1 end, records.source,
                        records.created_at, records.lead_id
                ) = records.source
                then 1
            else 0
        end as is_duplicate
    from records

),

mail_keys as (

    select
        handles.person_key,
        sum(case when free_mail.domain is null then 1 else 0 end) as business_keys
    from int_persons__handles as handles
    left join cfg_free_mail_domains as free_mail
        on free_mail.domain = split_part(substr(handles.handle, 2), '@', 2)
    where handles.handle like 'E%'
        and handles.person_key in (select cohort_records.person_key from cohort_records)
    group by handles.person_key

),

customers as (

    select
        domains.person_key,
        min(stg_deals.closed_at) as first_won_at
    from int_persons__domains as domains
    inner join stg_deals
        on stg_deals.account_domain = domains.domain
    where stg_deals.is_won
        and stg_deals.closed_at is not null
        and domains.person_key in (select cohort_records.person_key from cohort_records)
    group by domains.person_key

),

facts as (

    select
        ranked.*,
        persons.created_at as person_created_at,
        coalesce(persons.channel, 'other') as person_channel,
        persons.email_key as person_email_key,
        mail_keys.business_keys,
        customers.first_won_at,
        role.local_part as role_local_part
    from ranked
    inner join int_persons__attributed as persons
        on persons.person_key = ranked.person_key
    left join mail_keys
        on mail_keys.person_key = ranked.person_key
    left join customers
        on customers.person_key = ranked.person_key
    left join cfg_role_addresses as role
        on role.local_part = split_part(persons.email_key, '@', 1)

),

-- Each record plays up to two parts: its person's (on the person's first row, if in the
-- cohort) and its own as a lead (if an own lead created in the 13 weeks).
parts as (

    select
        part.kind,
        case when part.kind = 'person' then facts.person_channel else facts.lead_channel end as channel,
        case when part.kind = 'person' and facts.is_disqualified then facts.disqualification_reason end as reason,
        case when part.kind = 'person' then 1 else 0 end as is_person,
        case when part.kind = 'person' then facts.person_judged else 0 end as is_judged,
        case when part.kind = 'person' and facts.is_disqualified then 1 else 0 end as is_disqualified,
        case when part.kind = 'person' and facts.business_keys = 0 then 1 else 0 end as is_free_mail_only,
        case when part.kind = 'person' and facts.role_local_part is not null then 1 else 0 end as is_role_address,
        case
            when part.kind = 'person' and facts.first_won_at < facts.person_created_at then 1
            else 0
        end as is_existing_customer,
        case when part.kind = 'lead' then 1 else 0 end as is_lead,
        case when part.kind = 'lead' then facts.is_duplicate else 0 end as is_duplicate
    from facts
    cross join params
    cross join unnest(array['person', 'lead']) as part(kind)
    where (
        part.kind = 'person'
        and facts.person_rank = 1
        and facts.person_created_at >= params.cohort_start
        and facts.person_created_at < params.cutoff
    ) or (
        part.kind = 'lead'
        and facts.merged_into_lead_id is null
        and facts.created_at >= params.cohort_start
        and facts.created_at < params.cutoff
    )

),

grouped as (

    select
        case grouping(channel, reason)
            when 1 then 'channel'
            when 3 then 'total'
            else 'reason'
        end as kind,
        channel,
        reason,
        sum(is_person) as persons,
        sum(is_judged) as judged,
        sum(is_disqualified) as disqualified,
        sum(is_free_mail_only) as free_mail_only,
        sum(is_role_address) as role_addresses,
        sum(is_existing_customer) as existing_customers,
        sum(is_lead) as leads,
        sum(is_duplicate) as duplicates
    from parts
    group by grouping sets ((channel), (reason), ())

)

select
    kind,
    channel,
    reason,
    persons,
    judged,
    disqualified,
    free_mail_only,
    role_addresses,
    existing_customers,
    leads,
    duplicates,
    round(cast(disqualified as double) / nullif(persons, 0), 4) as disqualified_rate,
    round(cast(free_mail_only as double) / nullif(persons, 0), 4) as free_mail_only_rate,
    round(cast(role_addresses as double) / nullif(persons, 0), 4) as role_address_rate,
    round(cast(existing_customers as double) / nullif(persons, 0), 4) as existing_customer_rate,
    round(cast(duplicates as double) / nullif(leads, 0), 4) as duplicate_rate
from grouped
-- A reason row only for reasons some disqualified person gave (or none, as null).
where kind <> 'reason' or disqualified > 0
order by
    case kind when 'total' then 0 when 'channel' then 1 else 2 end,
    case when kind = 'reason' then disqualified end desc,
    channel asc nulls last,
    reason asc nulls first
