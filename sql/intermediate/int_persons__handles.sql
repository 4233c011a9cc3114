-- What an activity or a deal can name a person by (SPEC §4.1, §4.2, §4.4, §4.5a), as one text
-- handle so that each match is one equi-join: `L<source>|<lead id>` for each of its leads and the
-- records merged into them, `E<email key>` for its own email key and its leads' further
-- addresses (a merged-away record's address is a further one), and where a lead says where it
-- was converted to, `C<source>|<contact id>` (the contact its activities were moved to) and
-- `D<source>|<deal id>` (the deal it became). A further address that is some lead's own key
-- stays that person's only: further keys only join activities and deals, they never make or
-- merge a person. The conversion handles are ids the lead names itself, like its lead id: a
-- contact or deal named by leads of several persons is each of theirs.
-- One pass over the leads (no self-join or union): Trino inlines every reference to a view,
-- and each extra one adds its whole plan to the report queries' stage count.
with

named as (

    select
        keyed.person_key,
        handle.value as handle,
        case
            when handle.value like 'E%' then
                case when handle.value = 'E' || keyed.email_key and keyed.merged_into_lead_id is null then 1 else 0 end
            else 1
        end as is_own
    from int_leads__keyed as keyed
    cross join unnest(
        case
            when keyed.merged_lead_ids is null then array[keyed.lead_id]
            else array[keyed.lead_id] || keyed.merged_lead_ids
        end
    ) as ids(lead_id)
    cross join unnest(
        case
            when keyed.additional_email_keys is null then array[keyed.email_key]
            else array[keyed.email_key] || keyed.additional_email_keys
        end
    ) as keys(email_key)
    cross join unnest(
        array[
            'L' || keyed.source || '|' || ids.lead_id,
            'E' || keys.email_key,
            'C' || keyed.source || '|' || keyed.converted_contact_id,
            'D' || keyed.source || '|' || keyed.converted_deal_id
        ]
    ) as handle(value)

),

ranked as (

    select
        person_key,
        handle,
        is_own,
        max(is_own) over (partition by handle) as is_someones_own
    from named
    where handle is not null

)

select distinct person_key, handle
from ranked
where is_own = 1 or is_someones_own = 0
