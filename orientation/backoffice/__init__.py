"""The back office: what counsellors and editors do in the Django admin.

- `admin/`: the admin classes, by subject (questionnaire content, cohorts, responses, staff);
- `views`: the back office's own pages (cohort dashboard and export, response page,
  questionnaire previews), registered through the ModelAdmins' `get_urls`;
- `dashboard`, `export`: the cohort dashboard's figures and the CSV export, plain functions;
- `roles`: the two staff roles and their permissions.

Who sees what:

- counsellors (« Conseil en orientation ») see the cohorts they follow and only the responses
  of those cohorts: every queryset goes through `Cohort.objects.for_counsellor` or
  `Response.objects.visible_to`, and an object outside it answers 404, never a redirect;
- editors (« Rédaction ») edit items and dimensions, with a history of every change, and
  preview a questionnaire as a student sees it;
- nobody edits a student's answers or result: the response page is read-only.
"""
