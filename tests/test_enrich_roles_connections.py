"""Roles: the families added from half A of the Connections draw (SOURCES.md, issue 14). The
titles are written for these tests in the shapes of real LinkedIn titles, not copied from the
drawn ones (which stay off the repository)."""

import pytest
from roles_support import cases
from roles_support import roles as _roles


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    # a chief officer's title names the function, whatever domain stands beside it
    ("Chief Technology Officer, Retail Banking", "executive", "engineering"),
    ("CFO Healthcare Group", "executive", "finance"),
    ("Chief Marketing Officer - Sales Enablement Platform", "executive", "marketing"),
    ("Chief People Officer", "executive", "hr"),
    ("Chief Data Officer, Insurance", "executive", "data"),
    ("CISO Public Sector", "executive", "engineering"),
    # a plain CEO still runs the whole firm
    ("CEO", "executive", "management"),
]))
def test_a_chief_officer_names_the_function(title, seniority, function):
    assert _roles(title) == (seniority, function)


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    # the employer after at, chez, bei or @ is not the job
    ("Machine Learning Engineer at Health Data Startup", "ic", "data"),
    ("Research Fellow at Institute for Data Analytics", "ic", "research"),
    ("Chargé de recrutement chez Banque Populaire", "ic", "hr"),
    ("Werkstudent Vertrieb bei Marketing Partners GmbH", "intern", "sales"),
    ("Recruiter @ Data Robotics", "ic", "hr"),
    # a tail naming an institution is the employer
    ("Research Assistant - Center for Applied Data Science", "ic", "research"),
    ("Communications Officer - Center for Data Ethics", "ic", "marketing"),
    # `at` inside a job phrase is left alone
    ("Attorney at Law", "ic", "legal"),
]))
def test_the_employer_a_title_names_does_not_decide(title, seniority, function):
    assert _roles(title) == (seniority, function)


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    # M&A folds to two letters; spelled out it is finance
    ("M&A Associate", "ic", "finance"),
    ("Director M & A", "director", "finance"),
    # business development in French and Spanish sells, before `développement` is software
    ("Chargé de développement des affaires", "ic", "sales"),
    ("Responsable développement commercial", "manager", "sales"),
    ("Ejecutivo de desarrollo de negocios", "ic", "sales"),
    # a programme analyst writes software
    ("Analista programador Java", "ic", "engineering"),
    ("Analyste programmeur", "ic", "engineering"),
    # reward work is HR
    ("Total Rewards Manager", "manager", "hr"),
    ("Rewards Analyst", "ic", "hr"),
    # curriculum work is teaching work, a curriculum developer no software developer
    ("Curriculum Developer, Mathematics", "ic", "education"),
    ("Head of Curriculum", "director", "education"),
    # paid ads are marketing
    ("Google Ads Specialist", "ic", "marketing"),
    ("Paid Social Manager", "manager", "marketing"),
    # an engagement manager runs a consulting engagement
    ("Engagement Director", "director", "consulting"),
    # a programme management office is operations
    ("PMO Analyst", "ic", "operations"),
    ("Head of Programme Management", "director", "operations"),
    # drug development is research
    ("Drug Development Program Lead", "senior", "research"),
    # leisure and politics are other (SOURCES.md)
    ("Leisure Centre Supervisor", "manager", "other"),
    ("Senior Lobbyist", "senior", "other"),
    ("Politikerin", "ic", "other"),
    # a careers or academic adviser is education, as a careers counsellor
    ("Academic Advisor", "ic", "education"),
    ("Career Peer Adviser", "ic", "education"),
    # a data scientist is data work beside a product or a lab
    ("Data Scientist & Product Owner", "ic", "data"),
    ("Visual Merchandising Manager", "manager", "sales"),
]))
def test_domain_families_from_half_a(title, seniority, function):
    assert _roles(title) == (seniority, function)


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    # the head noun of the head part decides, not a head noun in a tail
    ("Sales Representative - Farmer Accounts", "ic", "sales"),
    ("Marketing Coordinator, Farmers Cooperative", "ic", "marketing"),
    ("Registered Nurse", "ic", "healthcare"),
]))
def test_the_head_noun_is_read_in_the_head_part(title, seniority, function):
    assert _roles(title) == (seniority, function)


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    ("Superviseur logistique", "manager", "operations"),
    ("Profesora Titular de Universidad", "senior", "education"),
    ("Predoctoral Research Fellow", "intern", "research"),
    # students and compensation partners are what the work serves, not a level
    ("Vice President for Student Affairs", "vp", "education"),
    ("Compensation Partner", "ic", "hr"),
]))
def test_levels_from_half_a(title, seniority, function):
    assert _roles(title)[0] == seniority


@pytest.mark.parametrize("title", ["Open to new opportunities", "Summer Intern"])
def test_a_level_or_job_seeking_title_with_no_domain_stays_other(title):
    assert _roles(title)[1] == "other"
