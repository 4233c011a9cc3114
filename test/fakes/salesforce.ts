/**
 * Fake Salesforce (CONNECTORS §2): client-credentials OAuth, SOQL over REST `/query` and
 * `/queryAll` (a small SOQL subset: SELECT fields [+ one child subquery] FROM object
 * WHERE a AND b ORDER BY … ; unknown fields are INVALID_FIELD), batches with
 * `nextRecordsUrl`, `+0000` datetimes, errors as JSON arrays, `Sforce-Limit-Info` on every
 * response, 403 REQUEST_LIMIT_EXCEEDED once the daily allowance is spent, 401
 * INVALID_SESSION_ID for expired sessions, and Bulk API 2.0 query jobs with CSV results by locator.
 * Currencies as Salesforce has them: a single-currency org has no `CurrencyIsoCode` field at all
 * (selecting it is INVALID_FIELD; `Organization.DefaultCurrencyIsoCode` says the currency), a
 * multi-currency org has it on every Opportunity; `sobjects/<object>/describe` lists the fields.
 * Conversions, deletions and contact roles as Salesforce does them (CONNECTORS §8):
 * `convertLead` creates the contact (and opportunity, with the contact as its primary contact
 * role), marks the lead converted and moves the lead's tasks and events to the contact (WhoId)
 * and opportunity (WhatId), touching each; `addContactRole`/`removeContactRole` touch only the
 * OpportunityContactRole, never the Opportunity; `queryAll` returns deleted rows, child rows of a
 * subquery included (unless the subquery filters `IsDeleted = false`). `Organization` has the
 * org's `TimeZoneSidKey`. `User` (Id, Name, Email, IsActive, LastModifiedDate) holds the owners
 * 005…1–005…4 of the seeded records; 005…4 is deactivated (users are never deleted).
 */
import { FakeServer, bearer, pick, seeded, type FakeRequest, type FakeResponse } from './server.js';

type Row = Record<string, unknown>;
type ObjectName =
  | 'Lead'
  | 'Opportunity'
  | 'Task'
  | 'Event'
  | 'Contact'
  | 'Account'
  | 'OpportunityContactRole'
  | 'Organization'
  | 'User';

const FIELDS: Record<string, string[]> = {
  User: ['Id', 'Name', 'Email', 'IsActive', 'LastModifiedDate'],
  Lead: [
    'Id',
    'Email',
    'FirstName',
    'LastName',
    'Company',
    'Website',
    'Status',
    'LeadSource',
    'CreatedDate',
    'IsConverted',
    'ConvertedDate',
    'ConvertedOpportunityId',
    'ConvertedContactId',
    'ConvertedAccountId',
    'OwnerId',
    'SystemModstamp',
    'IsDeleted',
    'MasterRecordId',
    'UTM_Source__c',
    'UTM_Medium__c',
    'UTM_Campaign__c',
    // A custom reason field (the standard Lead has none), as orgs add for disqualified leads.
    'Disqualification_Reason__c',
  ],
  Opportunity: [
    'Id',
    'Name',
    'AccountId',
    'Account.Name',
    'Account.Website',
    'StageName',
    'Amount',
    'CloseDate',
    'IsWon',
    'IsClosed',
    'CreatedDate',
    'OwnerId',
    'SystemModstamp',
    'IsDeleted',
  ],
  Task: [
    'Id',
    'WhoId',
    'WhatId',
    'ActivityDate',
    'CreatedDate',
    'Status',
    'IsClosed',
    'CompletedDateTime',
    'TaskSubtype',
    'Type',
    'OwnerId',
    'SystemModstamp',
    'IsDeleted',
  ],
  Event: [
    'Id',
    'WhoId',
    'WhatId',
    'ActivityDateTime',
    'StartDateTime',
    'IsAllDayEvent',
    'ActivityDate',
    'CreatedDate',
    'EventSubtype',
    'OwnerId',
    'SystemModstamp',
    'IsDeleted',
  ],
  Contact: ['Id', 'Email', 'FirstName', 'LastName', 'AccountId', 'CreatedDate', 'SystemModstamp', 'IsDeleted'],
  OpportunityContactRole: [
    'Id',
    'OpportunityId',
    'ContactId',
    'IsPrimary',
    'Role',
    'CreatedDate',
    'SystemModstamp',
    'IsDeleted',
  ],
};

export interface SalesforceFakeOptions {
  seed?: number;
  leads?: number;
  opportunities?: number;
  tasks?: number;
  events?: number;
  /** Records per REST batch (real: up to 2,000). */
  batchSize?: number;
  /** Daily API request allowance. */
  dailyLimit?: number;
  /** Polls a bulk job stays InProgress. */
  bulkPolls?: number;
  /** The org's (corporate) currency, `Organization.DefaultCurrencyIsoCode`; default EUR. */
  orgCurrency?: string;
  /** Multi-currency org: Opportunity has `CurrencyIsoCode`, every fifth in USD. */
  multiCurrency?: boolean;
  /** The org's default time zone, `Organization.TimeZoneSidKey`; default GMT. */
  timeZone?: string;
  asOf?: string;
}

const sfTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
/** A record id with the checksum suffix Salesforce gives it (an upper-case letter in the prefix sets its first character). */
const suffix = (prefix: string): string => (/[A-Z]/.test(prefix.charAt(2)) ? 'EAA' : 'AAA');
const id = (prefix: string, n: number): string => `${prefix}${String(n).padStart(12, '0')}${suffix(prefix)}`;

type Stored = 'Lead' | 'Opportunity' | 'Task' | 'Event' | 'Contact' | 'OpportunityContactRole' | 'User';

export class SalesforceFake extends FakeServer {
  readonly data: Record<Stored, Row[]> = {
    Lead: [],
    Opportunity: [],
    Task: [],
    Event: [],
    Contact: [],
    OpportunityContactRole: [],
    User: [],
  };
  readonly accounts = new Map<string, { Name: string; Website: string }>();
  readonly clientId = 'sf-client';
  readonly clientSecret = 'sf-secret';
  readonly apiVersion = 'v62.0';
  validTokens = new Set<string>();
  apiUsed = 0;
  dailyLimit: number;
  private tokenSeq = 0;
  private locators = new Map<string, { rows: Row[]; offset: number }>();
  private locatorSeq = 0;
  private jobs = new Map<string, { polls: number; header: string[]; rows: Row[] }>();
  private readonly batchSize: number;
  private readonly bulkPolls: number;
  readonly asOf: number;
  readonly orgCurrency: string;
  readonly multiCurrency: boolean;
  timeZone: string;
  private seq = 0;
  /** The fields of each object in this org (multi-currency adds `CurrencyIsoCode`). */
  private readonly fields: Record<string, string[]>;

  constructor(options: SalesforceFakeOptions = {}) {
    super('salesforce');
    this.orgCurrency = options.orgCurrency ?? 'EUR';
    this.multiCurrency = options.multiCurrency ?? false;
    this.timeZone = options.timeZone ?? 'GMT';
    this.fields = {
      ...FIELDS,
      Organization: ['Id', 'DefaultCurrencyIsoCode', 'TimeZoneSidKey'],
      Opportunity: [...(FIELDS.Opportunity ?? []), ...(this.multiCurrency ? ['CurrencyIsoCode'] : [])],
    };
    this.batchSize = options.batchSize ?? 2000;
    this.dailyLimit = options.dailyLimit ?? 15_000;
    this.bulkPolls = options.bulkPolls ?? 2;
    this.asOf = Date.parse(options.asOf ?? '2026-11-15T12:00:00Z');
    this.seed(options);
    this.route('POST', /^\/services\/oauth2\/token$/, (req) => this.token(req));
    const v = `\\/services\\/data\\/${this.apiVersion.replace('.', '\\.')}`;
    this.route('GET', new RegExp(`^${v}\\/(query|queryAll)$`), (req, m) =>
      this.api(req, () => this.query(req, m[1] === 'queryAll')),
    );
    this.route('GET', new RegExp(`^${v}\\/query\\/([\\w-]+)$`), (req, m) =>
      this.api(req, () => this.more(m[1] as string)),
    );
    this.route('POST', new RegExp(`^${v}\\/jobs\\/query$`), (req) => this.api(req, () => this.createJob(req)));
    this.route('GET', new RegExp(`^${v}\\/sobjects\\/(\\w+)\\/describe$`), (req, m) =>
      this.api(req, () => this.describe(m[1] as string)),
    );
    this.route('GET', new RegExp(`^${v}\\/jobs\\/query\\/(\\w+)$`), (req, m) =>
      this.api(req, () => this.jobInfo(m[1] as string)),
    );
    this.route('GET', new RegExp(`^${v}\\/jobs\\/query\\/(\\w+)\\/results$`), (req, m) =>
      this.api(req, () => this.results(req, m[1] as string)),
    );
  }

  private seed(options: SalesforceFakeOptions): void {
    const rand = seeded(options.seed ?? 7);
    const span = 60 * 86_400_000;
    const statuses = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'];
    const sources = ['Web', 'Phone Inquiry', 'Partner Referral', 'Trade Show', 'Purchased List', null];
    const nOpps = options.opportunities ?? 150;
    ['Sara Keller', 'Marco Rossi', 'Léa Martin', 'Tom Weber'].forEach((name, i) =>
      this.data.User.push({
        Id: id('005', i + 1),
        Name: name,
        Email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
        IsActive: i !== 3,
        LastModifiedDate: sfTime(this.asOf - span + i * 86_400_000),
      }),
    );
    for (let i = 1; i <= 20; i++)
      this.accounts.set(id('001', i), { Name: `Account ${i}`, Website: `https://www.account${i}.com` });
    const accountIds = [...this.accounts.keys()];
    for (let i = 1; i <= nOpps; i++) {
      const created = this.asOf - span + Math.floor(rand() * span * 0.9);
      const modified = Math.min(this.asOf, created + Math.floor(rand() * 5 * 86_400_000));
      const stage = pick(rand, ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Closed Won', 'Closed Lost']);
      const oppId = id('006', i);
      this.data.Opportunity.push({
        Id: oppId,
        Name: `Opportunity ${i}`,
        AccountId: pick(rand, accountIds),
        StageName: stage,
        Amount: Math.round(rand() * 100_000) / 2,
        CloseDate: new Date(modified).toISOString().slice(0, 10),
        IsWon: stage === 'Closed Won',
        IsClosed: stage.startsWith('Closed'),
        CreatedDate: sfTime(created),
        OwnerId: id('005', 1 + (i % 4)),
        SystemModstamp: sfTime(modified),
        IsDeleted: i % 50 === 0,
        ...(this.multiCurrency ? { CurrencyIsoCode: i % 5 === 0 ? 'USD' : this.orgCurrency } : {}),
      });
      if (i % 3 !== 0) {
        const contactId = id('003', i);
        this.data.Contact.push({
          Id: contactId,
          Email: `contact${i}@account${1 + (i % 20)}.com`,
          FirstName: 'Contact',
          LastName: String(i),
          AccountId: this.data.Opportunity.at(-1)?.AccountId ?? null,
          CreatedDate: sfTime(created),
          SystemModstamp: sfTime(created),
          IsDeleted: false,
        });
        this.data.OpportunityContactRole.push({
          Id: id('00K', i),
          OpportunityId: oppId,
          ContactId: contactId,
          IsPrimary: true,
          Role: 'Decision Maker',
          CreatedDate: sfTime(created),
          SystemModstamp: sfTime(created),
          IsDeleted: false,
        });
      }
    }
    for (let i = 1; i <= (options.leads ?? 600); i++) {
      const created = this.asOf - span + Math.floor(rand() * span * 0.8);
      const modified = Math.min(this.asOf, created + Math.floor(rand() * 3 * 86_400_000));
      const converted = i <= nOpps / 2;
      const paid = rand() < 0.3;
      const status = converted ? 'Closed - Converted' : pick(rand, statuses);
      this.data.Lead.push({
        Id: id('00Q', i),
        Email: i % 19 === 0 ? null : `lead${i}@firm${i % 31}.com`,
        FirstName: `Lead${i}`,
        LastName: `Person${i}`,
        Company: `Firm ${i % 31}`,
        Website: `firm${i % 31}.com`,
        Status: status,
        Disqualification_Reason__c:
          status === 'Closed - Not Converted' ? (['Student', 'No budget', null][i % 3] ?? null) : null,
        LeadSource: pick(rand, sources),
        CreatedDate: sfTime(created),
        IsConverted: converted,
        ConvertedDate: converted ? new Date(modified).toISOString().slice(0, 10) : null,
        ConvertedOpportunityId: converted ? id('006', i * 2 - 1) : null,
        ConvertedContactId: null,
        ConvertedAccountId: null,
        OwnerId: id('005', 1 + (i % 4)),
        SystemModstamp: sfTime(modified),
        IsDeleted: i % 97 === 0,
        MasterRecordId: null,
        UTM_Source__c: paid ? 'linkedin' : null,
        UTM_Medium__c: paid ? 'paid_social' : null,
        UTM_Campaign__c: paid ? `li-${i % 5}` : null,
      });
    }
    const leadIds = this.data.Lead.map((l) => String(l.Id));
    for (let i = 1; i <= (options.tasks ?? 300); i++) {
      const at = this.asOf - span + Math.floor(rand() * span);
      // Every fifth task is still open; a closed one was completed some hours after it was logged.
      const open = i % 5 === 0;
      this.data.Task.push({
        Id: id('00T', i),
        WhoId: pick(rand, leadIds),
        WhatId: i % 4 === 0 ? id('006', 1 + (i % nOpps)) : null,
        ActivityDate: new Date(at).toISOString().slice(0, 10),
        CreatedDate: sfTime(at),
        Status: open ? 'Not Started' : 'Completed',
        IsClosed: !open,
        CompletedDateTime: open ? null : sfTime(Math.min(this.asOf, at + (i % 7) * 3_600_000)),
        TaskSubtype: pick(rand, ['Call', 'Email', 'Task', 'ListEmail']),
        Type: null,
        OwnerId: id('005', 1 + (i % 4)),
        SystemModstamp: sfTime(Math.min(this.asOf, at + 60_000)),
        IsDeleted: i % 101 === 0,
      });
    }
    for (let i = 1; i <= (options.events ?? 100); i++) {
      const at = this.asOf - span + Math.floor(rand() * span);
      this.data.Event.push({
        Id: id('00U', i),
        WhoId: pick(rand, leadIds),
        WhatId: null,
        ActivityDateTime: sfTime(at),
        StartDateTime: sfTime(at),
        IsAllDayEvent: false,
        ActivityDate: new Date(at).toISOString().slice(0, 10),
        CreatedDate: sfTime(at - 86_400_000),
        EventSubtype: 'Event',
        OwnerId: id('005', 1 + (i % 4)),
        SystemModstamp: sfTime(Math.min(this.asOf, at)),
        IsDeleted: false,
      });
    }
  }

  /** Changes a record at `at` (SystemModstamp moves). */
  touch(object: Stored, recordId: string, changes: Row, at: number): void {
    const row = this.data[object].find((r) => r.Id === recordId);
    if (!row) throw new Error(`no ${object} ${recordId}`);
    // As in Salesforce: a closed status closes the task and stamps its completion; reopening clears it.
    if (object === 'Task' && typeof changes.Status === 'string') {
      const closed = changes.Status === 'Completed';
      if (closed !== row.IsClosed) {
        row.IsClosed = closed;
        row.CompletedDateTime = closed ? sfTime(at) : null;
      }
    }
    Object.assign(row, changes, { SystemModstamp: sfTime(at) });
  }

  /** Deletes a record at `at`: to the Recycle Bin (IsDeleted, SystemModstamp moved), still listed by queryAll. */
  deleteRecord(object: Stored, recordId: string, at: number): void {
    this.touch(object, recordId, { IsDeleted: true }, at);
  }

  /** A new record id of the object's key prefix, unlike any seeded one. */
  private newId(prefix: string): string {
    return `${prefix}9${String(++this.seq).padStart(11, '0')}${suffix(prefix)}`;
  }

  /** Adds a contact (as a user or a conversion creates one); returns its id. */
  addContact(email: string | null, at: number, accountId: string | null = null): string {
    const contactId = this.newId('003');
    this.data.Contact.push({
      Id: contactId,
      Email: email,
      FirstName: null,
      LastName: 'Contact',
      AccountId: accountId,
      CreatedDate: sfTime(at),
      SystemModstamp: sfTime(at),
      IsDeleted: false,
    });
    return contactId;
  }

  /**
   * Adds a contact role to an opportunity at `at`. As in Salesforce, only the
   * OpportunityContactRole is created: the Opportunity's SystemModstamp does not move.
   */
  addContactRole(opportunityId: string, contactId: string, at: number, isPrimary = false): string {
    if (!this.data.Opportunity.some((o) => o.Id === opportunityId)) throw new Error(`no Opportunity ${opportunityId}`);
    const roleId = this.newId('00K');
    this.data.OpportunityContactRole.push({
      Id: roleId,
      OpportunityId: opportunityId,
      ContactId: contactId,
      IsPrimary: isPrimary,
      Role: null,
      CreatedDate: sfTime(at),
      SystemModstamp: sfTime(at),
      IsDeleted: false,
    });
    return roleId;
  }

  /** Removes a contact role (to the Recycle Bin); the Opportunity is not touched. */
  removeContactRole(roleId: string, at: number): void {
    this.deleteRecord('OpportunityContactRole', roleId, at);
  }

  /** The contact emails of an opportunity's current contact roles (what the subquery lists). */
  contactEmails(opportunityId: string): string[] {
    return this.data.OpportunityContactRole.filter((r) => r.OpportunityId === opportunityId && r.IsDeleted !== true)
      .map((r) => this.data.Contact.find((c) => c.Id === r.ContactId)?.Email)
      .filter((e): e is string => typeof e === 'string');
  }

  /**
   * Converts a lead at `at` as Salesforce's convertLead does: creates a contact with the lead's
   * address and, unless `withOpportunity` is false, an opportunity with that contact as its
   * primary contact role; sets IsConverted, ConvertedDate (the day, UTC), ConvertedContactId,
   * ConvertedOpportunityId and the converted Status on the lead; and moves the lead's tasks and
   * events to the contact (WhoId) and to the opportunity, else the account (WhatId), each
   * touched (SystemModstamp `at`). Returns the new ids.
   */
  convertLead(
    leadId: string,
    at: number,
    options: { withOpportunity?: boolean; opportunity?: Row } = {},
  ): { contactId: string; opportunityId: string | null } {
    const lead = this.data.Lead.find((l) => l.Id === leadId);
    if (!lead) throw new Error(`no Lead ${leadId}`);
    if (lead.IsConverted === true) throw new Error(`Lead ${leadId} is already converted`);
    const accountId = this.newId('001');
    this.accounts.set(accountId, { Name: String(lead.Company ?? 'Account'), Website: String(lead.Website ?? '') });
    const contactId = this.addContact(typeof lead.Email === 'string' ? lead.Email : null, at, accountId);
    let opportunityId: string | null = null;
    if (options.withOpportunity !== false) {
      opportunityId = this.newId('006');
      this.data.Opportunity.push({
        Id: opportunityId,
        Name: `${String(lead.Company ?? 'Account')}-`,
        AccountId: accountId,
        StageName: 'Prospecting',
        Amount: null,
        CloseDate: new Date(at + 30 * 86_400_000).toISOString().slice(0, 10),
        IsWon: false,
        IsClosed: false,
        CreatedDate: sfTime(at),
        OwnerId: lead.OwnerId ?? null,
        SystemModstamp: sfTime(at),
        IsDeleted: false,
        ...(this.multiCurrency ? { CurrencyIsoCode: this.orgCurrency } : {}),
        ...options.opportunity,
      });
      this.addContactRole(opportunityId, contactId, at, true);
    }
    this.touch(
      'Lead',
      leadId,
      {
        IsConverted: true,
        Status: 'Closed - Converted',
        ConvertedDate: new Date(at).toISOString().slice(0, 10),
        ConvertedContactId: contactId,
        ConvertedAccountId: accountId,
        ConvertedOpportunityId: opportunityId,
      },
      at,
    );
    for (const object of ['Task', 'Event'] as const) {
      for (const row of this.data[object]) {
        if (row.WhoId !== leadId) continue;
        this.touch(object, String(row.Id), { WhoId: contactId, WhatId: row.WhatId ?? opportunityId ?? accountId }, at);
      }
    }
    return { contactId, opportunityId };
  }

  /**
   * Merges leads as Salesforce does (up to three records, one kept): each loser is deleted
   * (IsDeleted, to the Recycle Bin, still listed by queryAll) with MasterRecordId naming the
   * kept lead; the kept lead does not list them. Tasks and events move to the kept lead, and
   * every record the merge changed has its SystemModstamp moved to `at`.
   */
  mergeLeads(masterId: string, loserIds: readonly string[], at: number): void {
    if (loserIds.length < 1 || loserIds.length > 2) throw new Error('Salesforce merges two or three records');
    this.touch('Lead', masterId, {}, at);
    for (const loserId of loserIds) {
      this.touch('Lead', loserId, { IsDeleted: true, MasterRecordId: masterId }, at);
      for (const object of ['Task', 'Event'] as const) {
        for (const row of this.data[object])
          if (row.WhoId === loserId) this.touch(object, String(row.Id), { WhoId: masterId }, at);
      }
    }
  }

  expireSessions(): void {
    this.validTokens.clear();
  }

  private limitHeaders(): Record<string, string> {
    return { 'sforce-limit-info': `api-usage=${this.apiUsed}/${this.dailyLimit}` };
  }

  private token(req: FakeRequest): FakeResponse {
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    }
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
    }
    const token = `00Dfake!session${++this.tokenSeq}`;
    this.validTokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        instance_url: this.baseUrl,
        token_type: 'Bearer',
        issued_at: String(this.now()),
        signature: 'fake',
        id: `${this.baseUrl}/id/00D/005`,
      },
    };
  }

  private api(req: FakeRequest, serve: () => FakeResponse): FakeResponse {
    const token = bearer(req);
    if (!token || !this.validTokens.has(token)) {
      return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
    }
    if (this.apiUsed >= this.dailyLimit) {
      return {
        status: 403,
        headers: this.limitHeaders(),
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      };
    }
    this.apiUsed++;
    const out = serve();
    return { ...out, headers: { ...this.limitHeaders(), ...(out.headers ?? {}) } };
  }

  /** The SOQL subset the connector uses; anything else is MALFORMED_QUERY. */
  private run(
    soql: string,
    all: boolean,
  ): { rows: Row[]; fields: string[]; child: { deleted: boolean; contactId: boolean } | null } | FakeResponse {
    let text = soql.trim().replace(/\s+/g, ' ');
    let child: { deleted: boolean; contactId: boolean } | null = null;
    const sub = SUBQUERY.exec(text);
    if (sub) {
      const subFields = (sub[1] ?? '').split(',').map((f) => f.trim());
      if (
        sub[2] !== 'OpportunityContactRoles' ||
        !subFields.includes('Contact.Email') ||
        subFields.some((f) => f !== 'Contact.Email' && f !== 'ContactId')
      )
        return malformed(`unsupported subquery ${sub[0]}`);
      if (sub[3] !== undefined && !/^IsDeleted = false$/i.test(sub[3]))
        return malformed(`unsupported subquery filter ${sub[3]}`);
      // queryAll returns deleted child rows too, unless the subquery leaves them out.
      child = { deleted: all && sub[3] === undefined, contactId: subFields.includes('ContactId') };
      text = text.replace(sub[0], '');
    }
    const m = /^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY (.+?))?(?: LIMIT (\d+))?$/i.exec(text);
    if (!m) return malformed('unexpected token');
    const fields = (m[1] ?? '').split(',').map((f) => f.trim());
    const object = m[2] as ObjectName;
    const allowed = this.fields[object];
    if (!allowed)
      return {
        status: 400,
        body: [{ message: `sObject type '${object}' is not supported.`, errorCode: 'INVALID_TYPE' }],
      };
    if (child && object !== 'Opportunity') return malformed('OpportunityContactRoles only on Opportunity');
    for (const f of fields) {
      if (!allowed.includes(f))
        return {
          status: 400,
          body: [{ message: `No such column '${f}' on entity '${object}'.`, errorCode: 'INVALID_FIELD' }],
        };
    }
    let rows =
      object === 'Organization'
        ? [{ Id: '00D000000000001EAA', DefaultCurrencyIsoCode: this.orgCurrency, TimeZoneSidKey: this.timeZone }]
        : this.data[object as Stored].filter((r) => all || r.IsDeleted !== true);
    for (const cond of (m[3] ?? '').split(/ AND /i).filter(Boolean)) {
      const c = /^(\w+) (>=|<=|<|>|=) ([\w:.+-]+|'[^']*')$/.exec(cond.trim());
      const inList = /^(\w+) IN \(((?:'[\w]+',?)+)\)$/.exec(cond.trim());
      if (inList) {
        const values = new Set((inList[2] ?? '').split(',').map((v) => v.replace(/'/g, '')));
        rows = rows.filter((r) => values.has(String(r[inList[1] as string])));
        continue;
      }
      if (!c) return malformed(`cannot parse condition "${cond}"`);
      const [, field, op, literal] = c as unknown as [string, string, string, string];
      if (!allowed.includes(field))
        return {
          status: 400,
          body: [{ message: `No such column '${field}' on entity '${object}'.`, errorCode: 'INVALID_FIELD' }],
        };
      if (literal.startsWith("'") && field.endsWith('Date') === false && field === 'SystemModstamp') {
        return malformed('datetime literals must not be quoted');
      }
      const target = /^\d{4}-\d{2}-\d{2}T/.test(literal) ? Date.parse(literal) : literal.replace(/'/g, '');
      rows = rows.filter((r) => {
        const raw = r[field];
        const v = typeof target === 'number' ? Date.parse(String(raw).replace('+0000', 'Z')) : String(raw);
        if (op === '>=') return v >= target;
        if (op === '<=') return v <= target;
        if (op === '>') return v > target;
        if (op === '<') return v < target;
        return v === target;
      });
    }
    if (m[4]) {
      const keys = m[4].split(',').map((k) => k.trim());
      rows = [...rows].sort((a, b) => {
        for (const k of keys) {
          const x = String(a[k]);
          const y = String(b[k]);
          if (x !== y) return x < y ? -1 : 1;
        }
        return 0;
      });
    }
    if (m[5]) rows = rows.slice(0, Number(m[5]));
    return { rows, fields, child };
  }

  private shape(
    object: string,
    row: Row,
    fields: string[],
    child: { deleted: boolean; contactId: boolean } | null,
  ): Row {
    const out: Row = {
      attributes: { type: object, url: `/services/data/${this.apiVersion}/sobjects/${object}/${String(row.Id)}` },
    };
    for (const f of fields) {
      if (f.startsWith('Account.')) {
        const acc = this.accounts.get(String(row.AccountId));
        out.Account = acc
          ? {
              attributes: {
                type: 'Account',
                url: `/services/data/${this.apiVersion}/sobjects/Account/${String(row.AccountId)}`,
              },
              Name: acc.Name,
              Website: acc.Website,
            }
          : null;
      } else out[f] = row[f] ?? null;
    }
    if (child) {
      const roles = this.data.OpportunityContactRole.filter(
        (r) => r.OpportunityId === row.Id && (child.deleted || r.IsDeleted !== true),
      );
      out.OpportunityContactRoles =
        roles.length === 0
          ? null // Salesforce sends null, not an empty list, for no children
          : {
              totalSize: roles.length,
              done: true,
              records: roles.map((role) => {
                const contact = this.data.Contact.find((c) => c.Id === role.ContactId);
                return {
                  attributes: {
                    type: 'OpportunityContactRole',
                    url: `/services/data/${this.apiVersion}/sobjects/OpportunityContactRole/${String(role.Id)}`,
                  },
                  ...(child.contactId ? { ContactId: role.ContactId ?? null } : {}),
                  Contact: contact
                    ? {
                        attributes: {
                          type: 'Contact',
                          url: `/services/data/${this.apiVersion}/sobjects/Contact/${String(contact.Id)}`,
                        },
                        Email: contact.Email ?? null,
                      }
                    : null,
                };
              }),
            };
    }
    return out;
  }

  /** `GET …/sobjects/<object>/describe`: the object's fields (a subset of the real answer's keys). */
  private describe(object: string): FakeResponse {
    const fields = this.fields[object];
    if (!fields)
      return { status: 404, body: [{ message: `The requested resource does not exist`, errorCode: 'NOT_FOUND' }] };
    return {
      status: 200,
      body: {
        name: object,
        queryable: true,
        fields: fields
          .filter((f) => !f.includes('.'))
          .map((name) => ({
            name,
            type:
              name === 'Id'
                ? 'id'
                : name === 'CurrencyIsoCode'
                  ? 'picklist'
                  : name === 'Amount'
                    ? 'currency'
                    : 'string',
          })),
      },
    };
  }

  private query(req: FakeRequest, all: boolean): FakeResponse {
    const q = req.query.get('q');
    if (!q) return malformed('missing q');
    const result = this.run(q, all);
    if ('status' in result) return result as FakeResponse;
    const object = /FROM (\w+)/i.exec(q.replace(/\s+/g, ' ').replace(SUBQUERY, ''))?.[1] ?? 'Lead';
    const shaped = result.rows.map((r) => this.shape(object, r, result.fields, result.child));
    return this.page(shaped, 0);
  }

  private page(rows: Row[], offset: number): FakeResponse {
    const batch = rows.slice(offset, offset + this.batchSize);
    const done = offset + this.batchSize >= rows.length;
    const body: Row = { totalSize: rows.length, done, records: batch };
    if (!done) {
      const locator = `01gFAKE${++this.locatorSeq}`;
      this.locators.set(locator, { rows, offset: offset + this.batchSize });
      body.nextRecordsUrl = `/services/data/${this.apiVersion}/query/${locator}-${offset + this.batchSize}`;
    }
    return { status: 200, body };
  }

  private more(locatorPath: string): FakeResponse {
    const locator = locatorPath.split('-')[0] ?? '';
    const state = this.locators.get(locator);
    if (!state)
      return { status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] };
    this.locators.delete(locator);
    return this.page(state.rows, state.offset);
  }

  private createJob(req: FakeRequest): FakeResponse {
    const body = req.json as {
      operation?: string;
      query?: string;
      contentType?: string;
      columnDelimiter?: string;
      lineEnding?: string;
    };
    if (!body || !['query', 'queryAll'].includes(String(body.operation)))
      return { status: 400, body: [{ message: 'operation must be query or queryAll', errorCode: 'INVALIDJOB' }] };
    if ((body.contentType ?? 'CSV') !== 'CSV')
      return { status: 400, body: [{ message: 'contentType must be CSV', errorCode: 'INVALIDJOB' }] };
    if (/\(SELECT/i.test(body.query ?? ''))
      return { status: 400, body: [{ message: 'Bulk API does not support subqueries', errorCode: 'INVALIDJOB' }] };
    const result = this.run(body.query ?? '', body.operation === 'queryAll');
    if ('status' in result) return result as FakeResponse;
    const jobId = `750FAKE${this.jobs.size + 1}`;
    this.jobs.set(jobId, { polls: this.bulkPolls, header: result.fields, rows: result.rows });
    return {
      status: 200,
      body: {
        id: jobId,
        operation: body.operation,
        object: 'x',
        state: 'UploadComplete',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 62.0,
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
      },
    };
  }

  private jobInfo(jobId: string): FakeResponse {
    const job = this.jobs.get(jobId);
    if (!job) return { status: 404, body: [{ message: 'job not found', errorCode: 'NOT_FOUND' }] };
    const state = job.polls > 0 ? 'InProgress' : 'JobComplete';
    job.polls--;
    return {
      status: 200,
      body: { id: jobId, state, numberRecordsProcessed: state === 'JobComplete' ? job.rows.length : 0 },
    };
  }

  private results(req: FakeRequest, jobId: string): FakeResponse {
    const job = this.jobs.get(jobId);
    if (!job) return { status: 404, body: [{ message: 'job not found', errorCode: 'NOT_FOUND' }] };
    if (job.polls >= 0) return { status: 412, body: [{ message: 'job not complete', errorCode: 'JOB_NOT_COMPLETE' }] };
    const max = Number(req.query.get('maxRecords') ?? 100_000);
    const start = req.query.get('locator')
      ? Number(Buffer.from(req.query.get('locator') ?? '', 'base64').toString())
      : 0;
    const slice = job.rows.slice(start, start + max);
    const cell = (v: unknown): string => {
      if (v === null || v === undefined) return '';
      const s = typeof v === 'string' && v.endsWith('+0000') ? v.replace('+0000', 'Z') : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const csv =
      [job.header.join(','), ...slice.map((r) => job.header.map((f) => cell(r[f])).join(','))].join('\n') + '\n';
    const next = start + max < job.rows.length ? Buffer.from(String(start + max)).toString('base64') : 'null';
    return {
      status: 200,
      headers: { 'content-type': 'text/csv', 'sforce-locator': next, 'sforce-numberofrecords': String(slice.length) },
      body: csv,
    };
  }
}

/** An ISO instant (`…Z`) in Salesforce's wire form (`….000+0000`). */
export function sfTimestamp(iso: string): string {
  return iso.replace(/\.\d{3}Z$|Z$/, '.000+0000');
}

/**
 * A Lead as the fake stores it: open, not converted, created and last changed at `created`
 * (ISO, UTC), with the org's custom UTM fields; `over` sets any field (wire names).
 */
export function leadRow(id: string, email: string | null, created: string, over: Row = {}): Row {
  return {
    Id: id,
    Email: email,
    FirstName: null,
    LastName: 'Example',
    Company: null,
    Website: null,
    Status: 'Open - Not Contacted',
    LeadSource: null,
    CreatedDate: sfTimestamp(created),
    IsConverted: false,
    ConvertedDate: null,
    ConvertedOpportunityId: null,
    ConvertedContactId: null,
    ConvertedAccountId: null,
    OwnerId: '005000000000001AAA',
    SystemModstamp: sfTimestamp(created),
    IsDeleted: false,
    MasterRecordId: null,
    UTM_Source__c: null,
    UTM_Medium__c: null,
    UTM_Campaign__c: null,
    ...over,
  };
}

/** A Task on `who` logged and completed at `completed` (ISO, UTC), of `TaskSubtype` `subtype`; `over` sets any field. */
export function completedTaskRow(id: string, who: string, completed: string, subtype: string, over: Row = {}): Row {
  return {
    Id: id,
    WhoId: who,
    WhatId: null,
    ActivityDate: completed.slice(0, 10),
    CreatedDate: sfTimestamp(completed),
    Status: 'Completed',
    IsClosed: true,
    CompletedDateTime: sfTimestamp(completed),
    TaskSubtype: subtype,
    Type: null,
    OwnerId: '005000000000001AAA',
    SystemModstamp: sfTimestamp(completed),
    IsDeleted: false,
    ...over,
  };
}

/**
 * An Event on `who`. Timed: starting at `start` (ISO, UTC). All-day (`day`, YYYY-MM-DD): as
 * Salesforce stores one, `ActivityDate` the day, `StartDateTime` 00:00 UTC of it and no
 * `ActivityDateTime`. `over` sets any field.
 */
export function eventRow(id: string, who: string, when: { start: string } | { day: string }, over: Row = {}): Row {
  const allDay = 'day' in when;
  const start = allDay ? `${when.day}T00:00:00.000Z` : when.start;
  return {
    Id: id,
    WhoId: who,
    WhatId: null,
    ActivityDateTime: allDay ? null : sfTimestamp(start),
    StartDateTime: sfTimestamp(start),
    IsAllDayEvent: allDay,
    ActivityDate: start.slice(0, 10),
    CreatedDate: sfTimestamp(start),
    EventSubtype: 'Event',
    OwnerId: '005000000000001AAA',
    SystemModstamp: sfTimestamp(start),
    IsDeleted: false,
    ...over,
  };
}

/** The one child subquery the fake knows, with an optional filter. */
const SUBQUERY = /,\s*\(SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?\)/i;

function malformed(message: string): FakeResponse {
  return { status: 400, body: [{ message, errorCode: 'MALFORMED_QUERY' }] };
}
