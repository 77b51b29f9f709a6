"""What vulture cannot see used: Django, Ninja and friends reach these by name.

Read by vulture only (`make lint`, [tool.vulture] in pyproject.toml); never imported. An entry
belongs here only if something outside the scanned Python uses it: a setting, a migration, a
template, a framework hook, a model or schema field. Code that only tests call is dead: remove
it instead (the "tests" section is the few engine hooks benchmarks and tests drive on purpose).
Regenerate a candidate list with `.venv/bin/vulture --make-whitelist` and sort it by hand.
"""
# ruff: noqa: B018, F821

# --- Named by dotted path in plaza/settings.py (not scanned: every setting is read by name)
client_str  # plaza/accounts/throttling.py
lockout_response  # plaza/accounts/throttling.py
original_response  # plaza/accounts/throttling.py
path_info  # plaza/accounts/throttling.py
user_agent  # plaza/accounts/throttling.py
plaza  # plaza/core/context_processors.py
JsonFormatter  # plaza/core/logging.py
read_secret_key  # plaza/datadir.py

# --- Called from migrations (not scanned)
rename_to_unguessable  # plaza/core/files.py

# --- Hooks of third-party classes, called by the framework (fpdf, rispy, gunicorn, ninja, pygal, openpyxl, Django forms and admin)
redirect_authenticated_user  # plaza/accounts/views.py
_.x_labels  # plaza/cities/charts.py
_.footer  # plaza/cities/report.py
_._errors  # plaza/cities/views/activities.py
Input  # plaza/core/api_types.py
renderer  # plaza/core/countries.py (Django's Widget.render signature; the select is written in Python)
_.load_config  # plaza/core/management/commands/serve.py
_.data_type  # plaza/core/tables.py
_.freeze_panes  # plaza/core/tables.py
fk_name  # plaza/directory/admin.py
revert_disabled  # plaza/core/admin.py (simple_history's admin asks it)
save_related  # plaza/core/admin.py (Django's admin calls it after save_model)
_.disabled  # plaza/accounts/admin.py (a form field Django renders and ignores on post)
get_default_prefix  # plaza/accounts/admin.py (Django.s inline formsets ask it)
_.adding  # plaza/core/admin.py (model state the admin reads after an add)
_.new_objects  # plaza/core/admin.py (read by the admin's change message)
_.changed_objects  # plaza/core/admin.py
_.deleted_objects  # plaza/core/admin.py
_.x_labels  # plaza/directory/charts.py
is_anonymous  # plaza/directory/importers.py
_.set_header  # plaza/library/citations.py

# --- Model fields and choices, schema (API output) fields, and attributes of the records they fill: read by the ORM, the admin, templates and serialisers
DOMESTIC_WORKERS  # plaza/core/sectors.py
HOME_BASED_WORKERS  # plaza/core/sectors.py
STREET_VENDORS  # plaza/core/sectors.py
WASTE_PICKERS  # plaza/core/sectors.py
MARKET_PORTERS  # plaza/core/sectors.py
SECRETARY  # plaza/directory/models.py
TREASURER  # plaza/directory/models.py
ORGANISER  # plaza/directory/models.py
OFFICIAL  # plaza/directory/models.py
COORDINATOR  # plaza/directory/models.py
MEMBER  # plaza/directory/models.py
object_id  # plaza/accounts/models.py
sent_at  # plaza/accounts/models.py
_.is_staff  # plaza/accounts/services.py
file_url  # plaza/cities/api/schemas.py
time_zone  # plaza/cities/api/schemas.py
year_joined  # plaza/cities/api/schemas.py
INFORMATION_SHARING  # plaza/cities/models/activity.py
POLICY_DIALOGUE  # plaza/cities/models/activity.py
requesting_organization  # plaza/cities/models/activity.py
author  # plaza/cities/models/city.py
time_zone  # plaza/cities/models/city.py
year_joined  # plaza/cities/models/city.py
AGREED  # plaza/cities/models/dialogue.py
DISCUSSED  # plaza/cities/models/dialogue.py
DOCUMENT  # plaza/cities/models/dialogue.py
PHOTO  # plaza/cities/models/dialogue.py
REJECTED  # plaza/cities/models/dialogue.py
raised_by  # plaza/cities/models/dialogue.py
expires_at  # plaza/core/models.py
_.first_name  # plaza/demo/accounts.py
_.last_name  # plaza/demo/accounts.py
erased  # plaza/directory/api/schemas.py
person_name  # plaza/directory/api/schemas.py
members_date  # plaza/directory/importers.py
members_men  # plaza/directory/importers.py
members_source  # plaza/directory/importers.py
members_total  # plaza/directory/importers.py
members_women  # plaza/directory/importers.py
position_detail  # plaza/directory/importers.py
EMAIL  # plaza/directory/models.py
ONLINE_FORM  # plaza/directory/models.py
PARTNER_OF  # plaza/directory/models.py
PHOTOS  # plaza/directory/models.py
RESEARCH_INSTITUTION  # plaza/directory/models.py
SHARED_WITH_PARTNERS  # plaza/directory/models.py
VICE_PRESIDENT  # plaza/directory/models.py
_.latest_membership_figure  # plaza/directory/models.py
preferred_language  # plaza/directory/models.py
_.preferred_language  # plaza/directory/privacy.py
draft_language  # plaza/inquiries/api.py
matched_rules  # plaza/inquiries/api.py
ADVICE  # plaza/inquiries/choices.py
CONSULTANCY  # plaza/inquiries/choices.py
FUNDER  # plaza/inquiries/choices.py
FUNDING_OFFER  # plaza/inquiries/choices.py
FUNDING_REQUEST  # plaza/inquiries/choices.py
GOVERNMENT  # plaza/inquiries/choices.py
INFORMATION  # plaza/inquiries/choices.py
INTERNSHIP  # plaza/inquiries/choices.py
JOINT_PROPOSAL  # plaza/inquiries/choices.py
NETWORK  # plaza/inquiries/choices.py
NEW_SUBJECT_AREA  # plaza/inquiries/choices.py
NGO  # plaza/inquiries/choices.py
OUTCOME_WEIGHT  # plaza/inquiries/choices.py
PARTNERSHIP  # plaza/inquiries/choices.py
PRIVATE_COMPANY  # plaza/inquiries/choices.py
RESEARCHER  # plaza/inquiries/choices.py
RESEARCH_HELP  # plaza/inquiries/choices.py
SERVICE_DELIVERY  # plaza/inquiries/choices.py
SPEAKER  # plaza/inquiries/choices.py
STUDENT  # plaza/inquiries/choices.py
WORKER_ACCESS  # plaza/inquiries/choices.py
WORKER_ORGANISATION  # plaza/inquiries/choices.py
author  # plaza/inquiries/models.py
examples_en  # plaza/inquiries/models.py
examples_es  # plaza/inquiries/models.py
examples_fr  # plaza/inquiries/models.py
examples_hi  # plaza/inquiries/models.py
examples_th  # plaza/inquiries/models.py
phrases_en  # plaza/inquiries/models.py
phrases_es  # plaza/inquiries/models.py
phrases_fr  # plaza/inquiries/models.py
phrases_hi  # plaza/inquiries/models.py
phrases_th  # plaza/inquiries/models.py
policy_text_es  # plaza/inquiries/models.py
policy_text_fr  # plaza/inquiries/models.py
policy_text_hi  # plaza/inquiries/models.py
policy_text_th  # plaza/inquiries/models.py
reply_en  # plaza/inquiries/models.py
reply_es  # plaza/inquiries/models.py
reply_fr  # plaza/inquiries/models.py
reply_hi  # plaza/inquiries/models.py
reply_th  # plaza/inquiries/models.py
sent_at  # plaza/inquiries/models.py
sent_by  # plaza/inquiries/models.py
text_extraction  # plaza/library/api.py
downloads  # plaza/library/api.py
added_at  # plaza/library/lists.py (ordering, alerts' lookups)
added_by  # plaza/library/lists.py
EDITOR  # plaza/library/models.py
GOOD_PRACTICE  # plaza/library/models.py
POLICY_BRIEF  # plaza/library/models.py
PRIVATE  # plaza/library/models.py
STATISTICAL_BRIEF  # plaza/library/models.py
created_by  # plaza/library/models.py
extraction_message  # plaza/library/models.py
preview_message  # plaza/library/models.py
uploaded_by  # plaza/library/models.py
withdrawal_reason  # plaza/library/models.py
withdrawn_at  # plaza/library/models.py
_.withdrawal_reason  # plaza/library/services.py
_.withdrawn_at  # plaza/library/services.py
_.extraction_message  # plaza/library/tasks.py
suggestions  # plaza/search/api.py
document_count  # plaza/search/models.py
indexed_at  # plaza/search/models.py
token_count  # plaza/search/models.py (written and read by name in raw SQL)
citation  # plaza/statistics/api.py
imported_from  # plaza/statistics/api.py
imported_from  # plaza/statistics/models.py
_.imported_from  # plaza/statistics/services.py

# --- Read only by templates
_.resource_matches  # plaza/cities/forms.py
_.display_summary  # plaza/cities/models/city.py
current_activities  # plaza/cities/selectors.py
anchor  # plaza/library/browsing.py (Letter.anchor, the A-Z page's letter links)
open_commitment_count  # plaza/cities/selectors.py
overdue_count  # plaza/cities/selectors.py
upcoming_meetings  # plaza/cities/selectors.py
direction  # plaza/core/languages.py
confirm  # plaza/directory/forms.py
_.definition  # plaza/statistics/models.py
_.period_label  # plaza/statistics/models.py

# --- Names used only inside string type aliases
_AnyUser  # plaza/core/types.py
_User  # plaza/core/types.py

# --- Test and benchmark hooks of the search and inquiry engines (kept on purpose; bench/ and tests/ call them)
DEFAULT  # plaza/core/priorities.py
clear_cache  # plaza/inquiries/meaning.py
_.rule_codes  # plaza/inquiries/screening.py
resources_linked_to  # plaza/library/selectors.py
fts5_query  # plaza/search/backends/sqlite_fts5.py
reciprocal_rank_fusion  # plaza/search/fusion.py
clear_cache  # plaza/search/semantic/encoder.py
from_bytes  # plaza/search/semantic/encoder.py
save_centroid  # plaza/search/semantic/nonsense.py
