"""Data: version 1 of the self-assessment, active. 24 questions, 4 per dimension of the EU Digital Maturity
Assessment, each with five answers scored 0 (not at all) to 4 (fully), written for worker and social
cooperatives. Federations edit later versions in the admin ("Copy as a new version")."""

from django.db import migrations

TITLE = "Digital maturity self-assessment for worker and social cooperatives"
INTRODUCTION = (
    "Twenty-four short questions about how your cooperative uses digital tools, in six areas. Answer "
    "for the cooperative as a whole, as it is today, not as you would like it to be. It takes 5 to 10 "
    "minutes; you can save and come back later."
)
NEVER_TO_ALWAYS = ["Never", "Rarely", "Sometimes", "Often", "Always"]
NONE_TO_ALL = ["None of them", "A few", "About half", "Most", "All of them"]
# dimension: [(question, explanation, [five answers from score 0 to 4]), ...]
QUESTIONS = {
    "business_strategy": [
        (
            "Does the cooperative have a written plan for its digital tools and services?",
            "A plan can be short: what you want to improve with digital tools, and by when.",
            [
                "No plan",
                "Ideas, not written down",
                "A written plan, not yet followed",
                "A plan we follow",
                "A plan we follow and review every year",
            ],
        ),
        (
            "Is there money set aside for digital tools, training and support?",
            "",
            [
                "No",
                "Only when something breaks",
                "Some years",
                "Every year, a small amount",
                "Every year, a budget that matches the plan",
            ],
        ),
        (
            "How do members and workers take part in decisions about digital tools?",
            "Governance: for example a vote at the assembly, a working group, or a survey before choosing.",
            [
                "They are not involved",
                "They are told afterwards",
                "They are asked for their opinion",
                "They decide together with management",
                "They decide, as in any other member decision",
            ],
        ),
        (
            "Do you use digital channels to reach clients, users or partners?",
            "For example a website, online booking, social media or a shared platform with other cooperatives.",
            [
                "No",
                "A basic website or page",
                "Some channels, not kept up to date",
                "Several channels, kept up to date",
                "Channels that bring most of our contacts",
            ],
        ),
    ],
    "readiness": [
        (
            "How many workers have the devices they need for their work?",
            "Computers, tablets or phones, provided or paid for by the cooperative.",
            NONE_TO_ALL,
        ),
        (
            "How reliable is your internet connection where people work?",
            "",
            [
                "We have none",
                "Often fails",
                "Works, but is slow",
                "Works well",
                "Fast and reliable everywhere",
            ],
        ),
        (
            "How do you manage accounts, payroll and administration?",
            "",
            [
                "On paper",
                "Mostly on paper, some spreadsheets",
                "Spreadsheets",
                "A software package for some tasks",
                "Connected software for all of them",
            ],
        ),
        (
            "How are your devices and data protected?",
            "Security: passwords, updates, backups, who may see what.",
            [
                "Not at all",
                "Each person does what they can",
                "Some rules, not always followed",
                "Clear rules, followed",
                "Clear rules, checked, with tested backups",
            ],
        ),
    ],
    "human_centric": [
        (
            "How confident are workers with the digital tools they use at work?",
            "",
            ["Not confident", "A few are confident", "About half are", "Most are", "Everyone is"],
        ),
        (
            "Do workers get training to learn new digital skills (upskilling)?",
            "",
            NEVER_TO_ALWAYS,
        ),
        (
            "When jobs change because of digital tools, do you help people move to new tasks (reskilling)?",
            "",
            [
                "No",
                "Rarely",
                "Sometimes, informally",
                "Usually, with training",
                "Always, with a plan agreed with the workers",
            ],
        ),
        (
            "Are workers asked how a new tool affects their work before it is introduced?",
            "Worker involvement: workload, control over their work, health and safety, privacy.",
            NEVER_TO_ALWAYS,
        ),
    ],
    "data_governance": [
        (
            "Where is the cooperative's information kept?",
            "",
            [
                "On paper or in people's heads",
                "On personal devices",
                "In shared folders, not organised",
                "In organised shared folders or systems",
                "In connected systems everyone needed can reach",
            ],
        ),
        (
            "Do you use your data to make decisions?",
            "For example numbers on services, clients, hours or costs discussed in meetings.",
            NEVER_TO_ALWAYS,
        ),
        (
            "Do you follow the rules on personal data (GDPR) for members, workers and users?",
            "",
            [
                "We do not know the rules",
                "We know them, not applied",
                "Partly applied",
                "Applied, with a responsible person",
                "Applied and checked regularly",
            ],
        ),
        (
            "Have members agreed who owns and may use the cooperative's data?",
            "Governance of data: shared with partners or platforms only on terms the members accept.",
            [
                "Never discussed",
                "Discussed, nothing agreed",
                "Agreed informally",
                "Written rules",
                "Written rules, decided by the members and reviewed",
            ],
        ),
    ],
    "automation_ai": [
        (
            "Are repetitive tasks done automatically by software?",
            "For example invoices, reminders, rotas or stock.",
            ["None", "One or two", "Some", "Many", "All where it makes sense"],
        ),
        (
            "Do you use artificial intelligence tools?",
            "For example for translation, writing, planning, or answering questions.",
            [
                "No",
                "Some people try them on their own",
                "In a few tasks, without rules",
                "In several tasks, with agreed rules",
                "Where useful, with rules and regular review",
            ],
        ),
        (
            "Before automating a task, do you discuss what it means for the people who do it?",
            "",
            NEVER_TO_ALWAYS,
        ),
        (
            "Do you know what the automated tools you use do with your data and decisions?",
            "",
            ["Not at all", "A little", "For some tools", "For most tools", "For every tool"],
        ),
    ],
    "green": [
        (
            "Do you consider energy use and repairability when buying digital equipment?",
            "",
            NEVER_TO_ALWAYS,
        ),
        (
            "Do you reuse, repair or recycle old devices?",
            "",
            ["We throw them away", "Rarely", "Sometimes", "Usually", "Always, through a set process"],
        ),
        (
            "Do digital tools help reduce travel, paper or energy in your work?",
            "For example online meetings, digital forms or smart heating.",
            ["No", "A little", "Somewhat", "Clearly", "It is part of our plan and measured"],
        ),
        (
            "Does the cooperative measure the environmental impact of its digital activities?",
            "",
            [
                "No",
                "We have talked about it",
                "We estimate it once",
                "We measure some of it",
                "We measure it and set targets",
            ],
        ),
    ],
}


def create_version_1(apps, schema_editor):
    questionnaire_model = apps.get_model("assessments", "Questionnaire")
    question_model = apps.get_model("assessments", "Question")
    option_model = apps.get_model("assessments", "Option")
    if questionnaire_model.objects.filter(version=1).exists():
        return
    questionnaire = questionnaire_model.objects.create(
        title=TITLE, version=1, is_active=True, introduction=INTRODUCTION
    )
    position = 0
    for dimension, questions in QUESTIONS.items():
        for text, help_text, answers in questions:
            position += 1
            question = question_model.objects.create(
                questionnaire=questionnaire, dimension=dimension, text=text, help_text=help_text,
                position=position,
            )  # fmt: skip
            option_model.objects.bulk_create(
                [
                    option_model(question=question, label=label, score=score)
                    for score, label in enumerate(answers)
                ]
            )


def remove_version_1(apps, schema_editor):
    questionnaire_model = apps.get_model("assessments", "Questionnaire")
    questionnaire = questionnaire_model.objects.filter(version=1).first()
    if questionnaire is not None and not questionnaire.assessments.exists():
        questionnaire.delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(create_version_1, remove_version_1)]
