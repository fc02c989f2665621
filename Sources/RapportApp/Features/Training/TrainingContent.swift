/// The mentor training modules, in the order mentors take them. Written for 13–18 year olds.
enum TrainingContent {
    static let modules: [TrainingModule] = [
        // MARK: 1. Confidentiality
        TrainingModule(
            id: "confidentiality",
            title: "Confidentiality and its limit",
            summary: "What's said stays between you two, except when someone may not be safe.",
            minutes: 5,
            sections: [
                TrainingSection(
                    heading: "What stays between you",
                    paragraphs: [
                        "Your mentee needs to know they can talk to you without it going round the school. What they tell you stays between the two of you. You don't repeat it to friends, post about it or joke about it later.",
                        "Your session notes in Rapport are only readable by you and your mentee. Staff can see that you met, not what you talked about.",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "The one limit",
                    paragraphs: [
                        "There is one exception. If you think someone may be at risk of harm, you must tell the safeguarding lead. That could be your mentee, you, or someone else.",
                        "This means you can never promise to keep a secret. Not even a small one, because you don't know what's coming next. Telling the safeguarding lead isn't breaking trust. It's how you keep each other safe, and it means an adult who knows what to do takes it from there.",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "Saying it kindly",
                    paragraphs: [
                        "Say it at the start, in your first meeting, so it's never a surprise. Then if it comes up, say it again, calmly and kindly.",
                        "If your mentee asks you to promise first, don't. Tell them what you can promise: that you'll listen, and that you'll tell them what happens next.",
                    ],
                    example: TrainingExample(
                        title: "Phrases to try",
                        lines: [
                            "At the start: \"What we talk about stays between us. The only time I'd have to tell someone is if I thought you or someone else wasn't safe. Then I'd tell the safeguarding lead, and I'd tell you first.\"",
                            "In the moment: \"I can't keep this just between us, because it's about you being safe. I'll need to tell the safeguarding lead, and I'll tell you what happens next.\"",
                            "If they ask you to promise: \"I can't promise that before I know what it is. I can promise I'll listen, and I won't tell anyone who doesn't need to know.\"",
                        ]
                    )
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee says, \"If I tell you something, do you promise not to tell anyone?\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Promise, so they feel safe enough to talk.",
                            isRight: false,
                            feedback: "It makes sense to want them to feel safe. But if it turns out someone is at risk, you'd have to break that promise, and that hurts trust more. Think about what you can honestly promise instead."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Say you can't promise before you know what it is, but you'll listen, and if you had to tell the safeguarding lead you'd tell them first.",
                            isRight: true,
                            feedback: "Yes. You're being honest and kind at the same time. They can decide what to say knowing exactly where they stand."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Tell them not to tell you anything, just in case.",
                            isRight: false,
                            feedback: "That might shut them down when they most need someone. You don't have to stop them talking. Just be clear about the one limit, then listen."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee tells you they got in trouble for swearing at a teacher last week and they're embarrassed about it. Your friend asks you what your mentee talks about. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Keep it to yourself. You can say you had a good chat, and leave it there.",
                            isRight: true,
                            feedback: "Right. Nobody is at risk here, so it stays between you and your mentee. That's what makes them trust you."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Tell your friend, as long as they promise not to pass it on.",
                            isRight: false,
                            feedback: "Stories travel fast, even with good friends. Your mentee trusted you, not your friend. Think about how they'd feel if they heard it back."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Report it to the safeguarding lead to be safe.",
                            isRight: false,
                            feedback: "Good that you're thinking about safety. But getting in trouble isn't a risk of harm, so this one stays between you. If you're ever unsure whether something counts, you can ask the safeguarding lead in general terms."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "Halfway through a meeting your mentee says an older lad has been making them carry things for him and threatened them if they stop. Then they say, \"Don't tell anyone.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Keep it quiet for now and check in with them next week to see if it's got worse.",
                            isRight: false,
                            feedback: "Waiting can leave them in danger for longer. This is a risk of harm, so it can't wait for next week. The safeguarding lead needs to know today."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Find out who the lad is and tell him to leave your mentee alone.",
                            isRight: false,
                            feedback: "You clearly want to protect them, and that matters. But stepping in yourself could put you both at risk. The safeguarding lead has the power and the training to handle this."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say kindly that you can't keep this just between you because it's about them being safe, and that you'll tell the safeguarding lead today and let them know what happens next.",
                            isRight: true,
                            feedback: "Yes. You're honest, calm and clear, and you're passing it to the person whose job it is to keep them safe. Telling them what happens next helps them keep trusting you."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 2. Active listening
        TrainingModule(
            id: "active-listening",
            title: "Active listening",
            summary: "Listen to understand, then say back what you heard so they know you got it.",
            minutes: 4,
            sections: [
                TrainingSection(
                    heading: "Listening is doing something",
                    paragraphs: [
                        "Active listening means showing you're following, not just waiting for your turn. Look at them, put your phone away, and let silences sit for a moment. People often say the important bit after a pause.",
                        "Try not to jump in with advice. Most of the time people want to be understood first. If they want ideas, they'll usually ask, or you can ask them: \"Do you want ideas, or do you just want to get it off your chest?\"",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "Open questions and saying it back",
                    paragraphs: [
                        "Open questions can't be answered with yes or no. They start with words like what, how, or tell me. They give your mentee room to explain.",
                        "Paraphrasing means saying back what you heard, in your own words. If you got it wrong, that's fine. They'll correct you, and now you both understand it better.",
                    ],
                    example: TrainingExample(
                        title: "What it sounds like",
                        lines: [
                            "Mentee: My mum's working nights now so I have to get my little brother to school, and I keep being late.",
                            "Mentor: How's that been for you?",
                            "Mentee: Annoying. Everyone thinks I just can't be bothered.",
                            "Mentor: So you're late because you're looking after your brother, and it feels unfair that people think you don't care. Is that right?",
                            "Mentee: Yeah. That's it.",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "\"What I heard\" in the app",
                    paragraphs: [
                        "After each meeting, Rapport asks you to write \"what I heard\": a short summary of what your mentee said, in your own words. Your mentee then taps \"yes, that's it\" or \"not quite\" and can correct it.",
                        "A \"not quite\" isn't a fail. It shows your mentee feels able to put you right, which is a good sign. Read their correction and bring it up next time if it helps.",
                    ],
                    example: nil
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee says, \"I had a massive row with my best mate and now she's blanking me.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Tell them to message her and say sorry.",
                            isRight: false,
                            feedback: "You want to help fix it, which is kind. But you don't know what happened yet, and advice this early can feel like you're not really listening. Start by finding out more."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Say, \"Did she start it?\"",
                            isRight: false,
                            feedback: "That's a yes-or-no question, and it points towards blame. An open question gives them room to tell it their way."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say, \"That sounds rubbish. What happened?\"",
                            isRight: true,
                            feedback: "Yes. You show you've heard how it feels and you ask an open question. Now they can tell you the whole story."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee has talked for a few minutes about feeling lost since moving from their old school. What's a good next step?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Tell them about when you moved school and how you sorted it.",
                            isRight: false,
                            feedback: "Your story might help later. Right now it moves the focus to you. First check you've understood them."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Sum up what you heard, like \"So you miss your old friends and you don't know anyone here yet\", and check if that's right.",
                            isRight: true,
                            feedback: "Right. Saying it back shows you were listening and gives them the chance to correct or add to it."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Change the subject to something more cheerful so they don't get upset.",
                            isRight: false,
                            feedback: "It's natural to want to lift the mood. But changing the subject can tell them their feelings are too much. Staying with it, even briefly, helps more."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "Your mentee marks your \"what I heard\" summary as \"not quite\" and adds, \"I'm not angry at my dad, I'm worried about him.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Thank them for putting you right and ask about it next time: \"You said you're worried about your dad. Do you want to talk about that?\"",
                            isRight: true,
                            feedback: "Yes. A correction helps you understand them better. Following up shows you took it seriously."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Change your summary back, because you're sure they sounded angry.",
                            isRight: false,
                            feedback: "You might have picked up something real. But they know their own feelings best. Go with their words and stay curious."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Stop writing summaries so you don't get them wrong.",
                            isRight: false,
                            feedback: "Getting one wrong is part of how listening works. The summary is there so your mentee can put you right. Keep going."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 3. Empathy
        TrainingModule(
            id: "empathy",
            title: "Empathy",
            summary: "Notice how they feel, name it, and stay with it instead of fixing or comparing.",
            minutes: 4,
            sections: [
                TrainingSection(
                    heading: "Start with the check-in",
                    paragraphs: [
                        "Every meeting starts with a feelings check-in. You both pick a word or a face for how you're doing. You'll see your mentee's before you start talking.",
                        "Use it. If they've picked \"stressed\" or \"fed up\", don't rush past it to your plan for the session. Ask about it first.",
                    ],
                    example: TrainingExample(
                        title: "Opening with the check-in",
                        lines: [
                            "Mentor: I saw you picked \"fed up\" today. What's going on?",
                            "Mentee: Just everything. I got sent out of maths again.",
                            "Mentor: That sounds hard. What happened?",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Name it, don't fix it",
                    paragraphs: [
                        "Empathy means trying to understand how something feels for them. Naming the feeling helps: \"That sounds really frustrating.\" If you're not sure, ask: \"How did that feel?\"",
                        "Try not to fix it straight away, or tell them it's not a big deal. Try not to compare, like \"That's nothing, when I was your age...\" Even if you mean well, it can make them feel unheard.",
                    ],
                    example: TrainingExample(
                        title: "Phrases to try",
                        lines: [
                            "\"That sounds hard. What happened?\"",
                            "\"I'd be annoyed too.\"",
                            "\"It makes sense you feel like that.\"",
                            "\"How are you feeling about it now?\"",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Your own feelings count too",
                    paragraphs: [
                        "You do a check-in too. If you're having a bad day, you can say so briefly. You don't have to pretend.",
                        "If something your mentee says stays with you or upsets you, talk to your coordinator. Looking after yourself helps you look after them.",
                    ],
                    example: nil
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee's check-in says \"angry\". When you sit down they say, \"My mum grounded me for something my sister did.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Say, \"That sounds really unfair. What happened?\"",
                            isRight: true,
                            feedback: "Yes. You name the feeling and invite them to say more, without taking sides or jumping to fix it."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Say, \"Your mum probably had a reason. Parents usually do.\"",
                            isRight: false,
                            feedback: "You might be trying to help them see both sides. But right now it can sound like you're not on their side at all. Understand how they feel first."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say, \"Let's not let that ruin the session\" and move on to your plan.",
                            isRight: false,
                            feedback: "Wanting to keep things positive is good. But skipping the feeling can make them feel ignored. A few minutes on it usually makes the rest of the session go better."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee says they're nervous about a new class because they don't know anyone. You felt the same last year. What's the most helpful response?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "\"Don't worry, it'll be fine.\"",
                            isRight: false,
                            feedback: "It's meant kindly, but it can brush the feeling aside. Try naming it first, so they know you get it."
                        ),
                        CheckOption(
                            id: "b",
                            text: "\"That's nothing. When I started here it was way worse.\"",
                            isRight: false,
                            feedback: "Comparing can make their worry feel small. If your experience could help, you can share it later, briefly, once they feel heard."
                        ),
                        CheckOption(
                            id: "c",
                            text: "\"Walking into a room where you don't know anyone is nerve-racking. What bit worries you most?\"",
                            isRight: true,
                            feedback: "Right. You show you understand and ask an open question, so you find out what's really on their mind."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "Your mentee shrugs and says, \"Whatever, I don't care\" about being left out of a group chat. You can tell they're upset. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Tell them they obviously do care and should admit it.",
                            isRight: false,
                            feedback: "You may be right that they care. But pushing can make them close up. A gentle comment leaves the door open."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Say gently, \"Being left out of stuff can hurt, even if you don't care about the people. I'm here if you want to talk about it.\"",
                            isRight: true,
                            feedback: "Yes. You name what might be going on without forcing it. They can choose whether to say more."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Take them at their word and drop it completely.",
                            isRight: false,
                            feedback: "Respecting what they say matters. But a short, gentle word shows you noticed, and lets them come back to it if they want."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 4. Reliability
        TrainingModule(
            id: "reliability",
            title: "Reliability",
            summary: "Turn up, be on time, and do what you said you'd do.",
            minutes: 4,
            sections: [
                TrainingSection(
                    heading: "Turning up is the biggest thing",
                    paragraphs: [
                        "The most useful thing you can do as a mentor is turn up, every time, on time. Lots of young people have been let down by people who didn't show up. When you keep showing up, you show them they matter.",
                        "Your meetings are in your timetable's free periods. Both of you confirm you were there in the app.",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "\"I will ... by ...\"",
                    paragraphs: [
                        "Commitments in Rapport go both ways and are written as \"I will ... by ...\". Keep them small and real, so you can actually do them. At the next meeting you both say how it went: done, partly, or not yet.",
                        "If you didn't do yours, say so honestly. \"Not yet\" is fine. Pretending is not.",
                    ],
                    example: TrainingExample(
                        title: "Examples of commitments",
                        lines: [
                            "Mentor: I will bring the revision cards I used for science by next Tuesday.",
                            "Mentee: I will ask my tutor about the football club by Friday.",
                            "Mentor: I will find out when the college open day is by our next meeting.",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "When you can't make it",
                    paragraphs: [
                        "Things come up. If you can't make a meeting, tell your mentee as early as you can, and rearrange straight away. Don't just not show.",
                        "If a meeting gets missed, Rapport asks for a repair step: pick a new time and send a short note. Keep it simple and own it. If you're finding it hard to keep up with meetings, tell your coordinator.",
                    ],
                    example: TrainingExample(
                        title: "A repair note",
                        lines: [
                            "\"Sorry I missed Thursday. I had a meeting about my college application and I should have told you earlier. Can we do Monday period 4 instead? I'll bring the cards I promised.\"",
                        ]
                    )
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "You find out on Monday that you have a resit on Wednesday, when your meeting is. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Say nothing. Your mentee will work it out when you're not there.",
                            isRight: false,
                            feedback: "Being busy with a resit is completely fair. But turning up to an empty room can feel like rejection. A quick message makes a big difference."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Tell your mentee today, explain why, and offer another time that week.",
                            isRight: true,
                            feedback: "Yes. Telling them early and rearranging shows you still care about the meeting, even when something else has to come first."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Skip this week and just carry on the week after.",
                            isRight: false,
                            feedback: "A week can feel long to your mentee. Rearranging, even for a shorter meeting, keeps the rhythm going."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Last week you said, \"I will find you a good website for maths practice by next meeting.\" You forgot. Your mentee asks about it. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Say you looked but couldn't find anything good.",
                            isRight: false,
                            feedback: "It's tempting to cover it up. But small untruths chip away at trust. Owning it is what makes you someone they can rely on."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Tell them it doesn't really matter anyway.",
                            isRight: false,
                            feedback: "It may have mattered to them. Think about how you'd feel if someone said that about something they promised you."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say honestly, \"Not yet, sorry, I forgot,\" and set a new date you'll really keep.",
                            isRight: true,
                            feedback: "Right. Being honest about \"not yet\" and fixing it shows your mentee how to handle it when they slip up too."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "You missed yesterday's meeting because you were off ill and didn't think to message. Rapport asks you for a repair step. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Pick a new time and send a short note: sorry you missed it, you were ill, and when you can meet.",
                            isRight: true,
                            feedback: "Yes. Being ill isn't your fault. A short note and a new time shows your mentee they weren't forgotten."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Skip the repair step. Being ill isn't your fault, so there's nothing to fix.",
                            isRight: false,
                            feedback: "You're right that it isn't your fault. The repair step isn't about blame. It's so your mentee knows what happened and when you'll meet."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Send a long apology explaining everything that went wrong this week.",
                            isRight: false,
                            feedback: "It's good that you care. But a short, clear note is easier to read and keeps the focus on your next meeting."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 5. Mutual respect
        TrainingModule(
            id: "mutual-respect",
            title: "Mutual respect",
            summary: "You're not their teacher. You decide things together and respect who they are.",
            minutes: 4,
            sections: [
                TrainingSection(
                    heading: "A shared agenda",
                    paragraphs: [
                        "You're not a teacher or a boss. You're someone a bit further along who's on their side. Your meetings belong to both of you.",
                        "In Rapport you both add items to the agenda. Let your mentee choose what to talk about as often as you do. If they don't add anything, offer a couple of choices instead of deciding for them.",
                    ],
                    example: TrainingExample(
                        title: "Building the agenda together",
                        lines: [
                            "Mentor: I put \"the maths test\" on. What do you want to talk about today?",
                            "Mentee: Dunno.",
                            "Mentor: We could do the test, or last weekend's match, or something else. Your pick.",
                            "Mentee: The match. Then the test, I suppose.",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "No bossing, no lectures",
                    paragraphs: [
                        "Telling someone what they should do, or giving a speech about it, usually makes them switch off. Ask what they think first. If you have an idea, offer it as an option, not an order.",
                        "Try \"What do you reckon?\" or \"One thing that worked for me was... Would that work for you?\"",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "Differences and boundaries",
                    paragraphs: [
                        "Your mentee might have a different background, religion, culture, sexuality or family set-up from you. They might like different music or want different things. Be curious, not judging, and never make jokes about who someone is.",
                        "Everyone has things they don't want to talk about. If your mentee says no to a topic, respect it and move on. Keep your own boundaries too: you don't have to answer everything they ask.",
                    ],
                    example: nil
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "You planned to go through revision today. Your mentee says, \"Can we not? I want to talk about the trip.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Say revision is more important and stick to your plan.",
                            isRight: false,
                            feedback: "Revision does matter. But if only your topics count, the meetings become yours, not theirs. Think about how you could fit both in."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Drop revision for good. It's their choice.",
                            isRight: false,
                            feedback: "Listening to them is good. But the agenda is shared, so your items count too. You can agree to come back to it."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Agree to start with the trip, and ask if you can do ten minutes on revision after.",
                            isRight: true,
                            feedback: "Yes. You both get a say. That's what a shared agenda looks like."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee says they're thinking about leaving school at 16 to work with their uncle. You think that's a bad idea. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Ask what they like about the idea and what they've found out so far.",
                            isRight: true,
                            feedback: "Right. Asking shows respect and helps them think it through. If you have information that might help, you can share it as something to consider, not a verdict."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Explain all the reasons it's a mistake.",
                            isRight: false,
                            feedback: "Your worries may be fair. But a lecture tends to make people dig in. Questions help them think it through for themselves."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say nothing and agree with them so they like you.",
                            isRight: false,
                            feedback: "Wanting to get on is natural. But respect means being honest too. Asking good questions lets you do both."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "You ask your mentee about their family and they go quiet and say, \"I don't want to talk about that.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Gently ask again later in the session, in case they change their mind.",
                            isRight: false,
                            feedback: "You clearly care. But asking again can feel like pressure. If they want to talk, they know you're there."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Say, \"No problem,\" and move on to something else.",
                            isRight: true,
                            feedback: "Yes. Respecting a no builds trust. If you were ever worried they weren't safe, that's different: you'd tell the safeguarding lead."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Tell them they can trust you and they should open up.",
                            isRight: false,
                            feedback: "It's kind to want them to feel they can trust you. But trust comes from respecting their choices, not from being told to open up."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 6. Sharing experiences
        TrainingModule(
            id: "sharing-experiences",
            title: "Sharing your experiences",
            summary: "A short, honest story from your own life can help, if the focus stays on them.",
            minutes: 4,
            sections: [
                TrainingSection(
                    heading: "Why your story helps",
                    paragraphs: [
                        "You've been through things your mentee might be going through now: moving school, exclusion, exams, falling out with friends, anger. Hearing that you got through it can make them feel less alone.",
                        "In Rapport you can write short stories about challenges you overcame. They help with matching, and you can share one into a meeting when it fits.",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "Short, honest, back to them",
                    paragraphs: [
                        "Keep it brief: a minute or two, not the whole meeting. Be honest about what was hard and what helped. Don't make it sound easier than it was.",
                        "Then turn it back to them. Your story isn't the answer. It's something they can take or leave.",
                    ],
                    example: TrainingExample(
                        title: "What it sounds like",
                        lines: [
                            "Mentee: I got excluded from my last school. Everyone here probably thinks I'm trouble.",
                            "Mentor: I got permanently excluded in Year 9. I was so angry I didn't talk to anyone for weeks. What helped was one teacher here who just kept asking how I was.",
                            "Mentor: Does any of that sound like you, or is it different?",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "What not to share",
                    paragraphs: [
                        "Some things aren't right to share with a younger student. That includes details of drinking, drugs, fights, self-harm or anything illegal, even if it's in the past. It includes other people's private stories too, and anything you'd feel uneasy about later.",
                        "If you're not sure, leave it out, or ask your coordinator first. You can say \"I had a hard time with that too\" without going into detail.",
                    ],
                    example: nil
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee says they're dreading their first mock exams. You were really anxious before yours. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Briefly say you felt the same, mention one thing that helped, then ask what they're most worried about.",
                            isRight: true,
                            feedback: "Yes. Short, honest, and back to them. They know they're not alone, and the conversation stays about them."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Tell them the full story of your mocks, subject by subject.",
                            isRight: false,
                            feedback: "Your experience is useful. But a long story can take over the meeting. Pick the one part that might help them."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Keep your own experience to yourself. Mentors shouldn't talk about themselves.",
                            isRight: false,
                            feedback: "You don't need to hold it all back. A short, honest story can really help. Just keep it brief and bring it back to them."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee has been getting into fights. You used to as well, and some of those stories are pretty wild. What do you share?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "The most dramatic fight, so they know you understand.",
                            isRight: false,
                            feedback: "You want them to see you get it, and that's a good instinct. But dramatic details can make fighting sound exciting. Think about what actually helped you stop."
                        ),
                        CheckOption(
                            id: "b",
                            text: "That you used to get into fights too, how it affected you, and what helped you stop, without the details.",
                            isRight: true,
                            feedback: "Right. They hear that you understand and that change is possible. Leaving out the details keeps the focus where it helps."
                        ),
                        CheckOption(
                            id: "c",
                            text: "A story about a friend who got into worse fights.",
                            isRight: false,
                            feedback: "Other people's stories are theirs to tell. Stick to your own experience, and only the parts you're comfortable sharing."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "You share a short story about moving school. Your mentee says, \"Yeah but it's different for me.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Explain why it's actually really similar.",
                            isRight: false,
                            feedback: "You may see the link clearly. But arguing the point puts your story ahead of theirs. Let them tell you how it's different."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Feel a bit embarrassed and stop sharing stories at all.",
                            isRight: false,
                            feedback: "That happens, and it's not a mistake. Your story still showed them you're willing to be open. Just follow their lead."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say, \"Fair enough. How is it different for you?\"",
                            isRight: true,
                            feedback: "Yes. You let go of your story and get curious about theirs. That's keeping the focus on them."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 7. Positive reinforcement
        TrainingModule(
            id: "positive-reinforcement",
            title: "Positive reinforcement",
            summary: "Praise the effort and the strategy, and celebrate small wins.",
            minutes: 3,
            sections: [
                TrainingSection(
                    heading: "Praise what they did, not what they are",
                    paragraphs: [
                        "\"You're so clever\" sounds nice, but it's about something they can't control. When something goes wrong, they might decide they're not clever after all. Praising effort and strategy tells them what worked, so they can do it again.",
                        "Be specific and honest. Vague praise like \"good job\" is easy to ignore.",
                    ],
                    example: TrainingExample(
                        title: "Try this instead",
                        lines: [
                            "Instead of \"You're so clever\": \"You kept going when it got hard.\"",
                            "Instead of \"You're a natural\": \"Practising every day really paid off.\"",
                            "Instead of \"Good job\": \"Breaking it into smaller bits was a smart move.\"",
                            "Instead of \"You're so calm\": \"You walked away when you felt wound up. That took a lot.\"",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Small wins count",
                    paragraphs: [
                        "A win doesn't have to be big. Getting in on time three days running, handing in homework, or not reacting when someone wound them up all count.",
                        "Your pair has a wins wall in Rapport. Either of you can post a win and the other can celebrate it. Rapport also marks milestones like your first month together.",
                    ],
                    example: TrainingExample(
                        title: "A win on the wall",
                        lines: [
                            "Mentee: Got to school on time every day this week.",
                            "Mentor: That's five days in a row. You said mornings were the hardest bit, so that's a proper win. What made the difference?",
                        ]
                    )
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee got 6 out of 10 on a spelling test after getting 2 last time. They say, \"It's still rubbish.\" What do you say?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "\"You're smarter than you think.\"",
                            isRight: false,
                            feedback: "It's kind, but it's about being smart, not what they did. Point to the effort that got them from 2 to 6."
                        ),
                        CheckOption(
                            id: "b",
                            text: "\"That's four more than last time. What did you do differently?\"",
                            isRight: true,
                            feedback: "Yes. You show them the progress and help them spot the strategy that worked, so they can use it again."
                        ),
                        CheckOption(
                            id: "c",
                            text: "\"Yeah, you'll need to get it higher than that.\"",
                            isRight: false,
                            feedback: "Honesty matters, but this misses a real improvement. Noticing the step forward first makes the next step feel possible."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee posts on the wins wall: \"Didn't lose it when Jay was winding me up in PE.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Celebrate it and say something specific, like \"Staying cool when someone's trying to get a reaction is really hard. How did you do it?\"",
                            isRight: true,
                            feedback: "Right. You take the win seriously, name the effort, and ask about the strategy."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Leave it. It's not really a win, it's just normal behaviour.",
                            isRight: false,
                            feedback: "For someone working on their anger, this is a real achievement. Small wins like this are exactly what the wall is for."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Reply \"nice\" and move on.",
                            isRight: false,
                            feedback: "It's good you responded. A more specific reply tells them what was impressive, which means a lot more."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "Your mentee finished a drawing for their art portfolio and shows you. It's really good. What's the best thing to say?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "\"You're so talented, you don't even need to try.\"",
                            isRight: false,
                            feedback: "It's meant as a big compliment. But it can make effort seem pointless, and make it harder when something doesn't come easily."
                        ),
                        CheckOption(
                            id: "b",
                            text: "\"It's good, but mine was better at your age.\"",
                            isRight: false,
                            feedback: "Comparing takes the moment away from them. Keep the focus on what they did."
                        ),
                        CheckOption(
                            id: "c",
                            text: "\"The shading on that is brilliant. How long did you spend on it?\"",
                            isRight: true,
                            feedback: "Yes. It's specific, it's honest, and it points to the work they put in."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 8. Feedback
        TrainingModule(
            id: "feedback",
            title: "Giving and taking feedback",
            summary: "Ask how it's going, say things kindly, and hear feedback without getting defensive.",
            minutes: 5,
            sections: [
                TrainingSection(
                    heading: "Ask how it's going",
                    paragraphs: [
                        "Don't wait for a problem. Every so often, ask your mentee how the meetings are going for them. Make it easy to be honest by asking about something specific.",
                        "Every few weeks Rapport asks you both for short feedback on how it's going. It's blind: neither of you sees the other's answers until you've both answered. Then you both see both.",
                    ],
                    example: TrainingExample(
                        title: "Questions to try",
                        lines: [
                            "\"What's been the most useful thing we've done so far?\"",
                            "\"Is there anything you'd like more or less of?\"",
                            "\"Do our meetings feel too long, too short, or about right?\"",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Giving feedback kindly",
                    paragraphs: [
                        "Constructive feedback is about something they can change, said in a way that helps. Start with \"I\", be specific, and suggest what you'd like instead. Keep it about what happened, not about who they are.",
                        "Rapport suggests phrasings when you write feedback. Use them if they help.",
                    ],
                    example: TrainingExample(
                        title: "Kind phrasings",
                        lines: [
                            "\"I'd like more time on your goals next week.\"",
                            "\"I noticed you were on your phone a lot today. Can we keep phones away while we talk?\"",
                            "\"When you didn't come last week, I wasn't sure if you still wanted to meet. Can you let me know next time?\"",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Hearing feedback",
                    paragraphs: [
                        "It can sting when someone says something isn't working. Try not to argue or explain it away. Say thanks, ask a question to understand it, and think about what you could change.",
                        "Your mentee taking the risk to tell you is a sign they trust you. If feedback leaves you feeling low, talk to your coordinator.",
                    ],
                    example: TrainingExample(
                        title: "What it sounds like",
                        lines: [
                            "Mentee: Sometimes it feels like you're just telling me what to do.",
                            "Mentor: Thanks for saying that. Can you tell me when it felt like that?",
                            "Mentee: Like with the college stuff.",
                            "Mentor: Fair. Next time I'll ask what you think first.",
                        ]
                    )
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "In the blind feedback, your mentee writes, \"The meetings are a bit boring sometimes.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Write back explaining all the effort you put into planning them.",
                            isRight: false,
                            feedback: "It's natural to want to explain. But defending yourself can make them regret being honest. Try to find out more instead."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Ignore it. They're probably just in a mood.",
                            isRight: false,
                            feedback: "It might feel easier to let it go. But they took a risk telling you. Picking it up shows their opinion matters."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Thank them next meeting and ask what would make the meetings better for them.",
                            isRight: true,
                            feedback: "Yes. You take it well and turn it into something useful. They'll be more likely to be honest again."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee keeps turning up 10 minutes late and it's cutting your meetings short. How do you bring it up?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "\"You're always late. It's really rude.\"",
                            isRight: false,
                            feedback: "Your frustration makes sense. But this sounds like a telling-off and labels them. Try saying what you've noticed and what you'd like."
                        ),
                        CheckOption(
                            id: "b",
                            text: "\"I've noticed we've been starting late and I'd like us to have the full time. Is something making it hard to get here?\"",
                            isRight: true,
                            feedback: "Right. It's specific, it's about what you'd like, and you ask about their side. There might be a reason you don't know about."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Say nothing and just tell the coordinator.",
                            isRight: false,
                            feedback: "Your coordinator is there to help, so asking them for advice is fine. But talking to your mentee first gives them the chance to explain and change."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "You ask your mentee how the meetings are going. They say, \"Fine,\" and shrug. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Ask something more specific, like \"What's one thing you'd change?\"",
                            isRight: true,
                            feedback: "Yes. A specific question is easier to answer than a big open one. It shows you really want to know."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Take \"fine\" as a yes and never ask again.",
                            isRight: false,
                            feedback: "\"Fine\" is a common answer when people aren't sure what to say. Keep asking now and then, in different ways."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Tell them you need a proper answer.",
                            isRight: false,
                            feedback: "You want real feedback, which is good. But pushing can make it harder. An easier, more specific question usually works better."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 9. Growth mindset
        TrainingModule(
            id: "growth-mindset",
            title: "Growth mindset",
            summary: "\"Not yet\" instead of \"can't\", setbacks as learning, and small steps to goals.",
            minutes: 4,
            sections: [
                TrainingSection(
                    heading: "The power of \"not yet\"",
                    paragraphs: [
                        "A growth mindset means believing you can get better at things with practice and the right help. It doesn't mean pretending everything's easy. It means \"I can't do it\" becomes \"I can't do it yet.\"",
                        "You can help by listening for \"I'm just bad at...\" and gently adding the \"yet\".",
                    ],
                    example: TrainingExample(
                        title: "What it sounds like",
                        lines: [
                            "Mentee: I'm just thick at maths.",
                            "Mentor: You can't do fractions yet. What bit are you stuck on?",
                            "Mentee: Adding them when the bottoms are different.",
                            "Mentor: OK, that's one thing, not all of maths. Want to have a go at that one?",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Setbacks as learning",
                    paragraphs: [
                        "Everyone has setbacks: a bad day, a detention, a test that went badly. In Rapport, a setback is logged as learning, not failure. You reflect with three questions.",
                        "It works for you as a mentor too. If a meeting goes badly, try the same three questions.",
                    ],
                    example: TrainingExample(
                        title: "The three questions",
                        lines: [
                            "What I tried: \"I tried revising the night before.\"",
                            "What I learnt: \"I was too tired and forgot most of it.\"",
                            "What I'll try next: \"Twenty minutes a night for the week before.\"",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Small steps",
                    paragraphs: [
                        "Big goals can feel impossible. Break them into small steps your mentee can actually do this week. Each step done is progress, and Rapport shows it.",
                        "Let your mentee choose the goal and the steps. Your job is to help them think it through, not to set it for them.",
                    ],
                    example: nil
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee wants to get back into mainstream school next year but says, \"There's no point, I'll never manage it.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Say it's a big goal, and ask what one small step towards it could be this week.",
                            isRight: true,
                            feedback: "Yes. A small step makes a big goal feel possible, and it's their step to choose."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Agree it sounds hard and suggest a different goal.",
                            isRight: false,
                            feedback: "You're trying to protect them from disappointment, which is kind. But swapping the goal can tell them you don't believe in it either. Try breaking it down first."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Tell them to stop being negative.",
                            isRight: false,
                            feedback: "You want them to feel more hopeful. But being told to stop feeling something rarely helps. A small, doable step often shifts the feeling."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee's goal was to not get any detentions this week. They got one on Thursday and say, \"I've failed, so what's the point?\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Say one detention isn't a big deal and move on.",
                            isRight: false,
                            feedback: "You're right that it's not the end of the world. But moving on fast misses the chance to learn from it. Try thinking it through together."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Suggest dropping the goal, since it was too hard.",
                            isRight: false,
                            feedback: "Adjusting a goal can be fine. But one setback doesn't mean it was wrong. Think about what they can learn first."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Point out they went four days without one, then go through \"what I tried, what I learnt, what I'll try next\" together.",
                            isRight: true,
                            feedback: "Right. You notice the progress and turn the setback into learning. That's what a growth mindset looks like in practice."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "You had a meeting where your mentee wouldn't talk and you felt it was a waste. What's the most helpful thing to do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Decide you're not a good mentor.",
                            isRight: false,
                            feedback: "It's normal to feel like that after a tough meeting. But one quiet session doesn't say much about you. Treat it like any setback: something to learn from."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Think about what you tried, what you learnt, and what you'll try next time, and talk to your coordinator if you're stuck.",
                            isRight: true,
                            feedback: "Yes. The same growth mindset you help your mentee with works for you too. Your coordinator is there to help you think it through."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Assume they don't want a mentor and stop turning up.",
                            isRight: false,
                            feedback: "Quiet days happen, especially early on. Turning up anyway shows them you're reliable. If you're worried, talk to your coordinator."
                        ),
                    ]
                ),
            ]
        ),

        // MARK: 10. Safeguarding basics
        TrainingModule(
            id: "safeguarding-basics",
            title: "Safeguarding basics",
            summary: "If someone may not be safe: stay calm, listen, and tell the safeguarding lead the same day.",
            minutes: 6,
            sections: [
                TrainingSection(
                    heading: "When someone tells you something worrying",
                    paragraphs: [
                        "Your mentee might tell you something that makes you worried about their safety. Stay calm and listen. Let them say it in their own way, and don't look shocked or angry.",
                        "Don't investigate. Don't ask leading questions like \"Did he hit you?\" If you need to say something, keep it open: \"Tell me more\" or \"What happened then?\"",
                        "Don't promise to keep it secret. Tell them who you'll tell and what happens next. Thank them for telling you.",
                    ],
                    example: TrainingExample(
                        title: "What it sounds like",
                        lines: [
                            "Mentee: Don't say anything, but my stepdad gets really angry and sometimes I don't want to go home.",
                            "Mentor: Thank you for telling me. Can you tell me a bit more?",
                            "Mentee: He shouts and throws stuff. Last night he grabbed my arm.",
                            "Mentor: I can't keep this just between us, because it's about you being safe. I'll need to tell the safeguarding lead today, and I'll tell you what happens next. You did the right thing telling me.",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "What to do next",
                    paragraphs: [
                        "Tell the safeguarding lead the same day, in person if you can. Also press \"I'm worried\" in Rapport. It's on every page and goes straight to the safeguarding lead.",
                        "Write down what they said, in their words, as soon as you can. Write what you saw and heard, not what you think it means. Then let the safeguarding lead take it from there. It's not your job to sort it out or to find out more.",
                    ],
                    example: TrainingExample(
                        title: "Writing it down",
                        lines: [
                            "Write: She said, \"He grabbed my arm last night and I don't want to go home.\"",
                            "Not: She's being abused by her stepdad.",
                            "Add: the date, the time, and where you were.",
                        ]
                    )
                ),
                TrainingSection(
                    heading: "Signs someone may not be safe",
                    paragraphs: [
                        "Sometimes nobody tells you anything, but you notice things. They might have injuries they won't explain, or seem scared to go home. They might suddenly have new things or money, or older \"friends\". They might be always hungry or tired, go very quiet, talk about hurting themselves, or be pressured online to send pictures.",
                        "You don't need to be sure. If you're worried, tell the safeguarding lead and let them decide.",
                    ],
                    example: nil
                ),
                TrainingSection(
                    heading: "Emergencies and looking after yourself",
                    paragraphs: [
                        "If someone is in danger right now, call 999 or tell the nearest adult straight away. Don't wait until the end of the meeting or the day. Then tell the safeguarding lead as well.",
                        "Hearing something worrying can stay with you. It's normal to feel upset, shaken or guilty, even when you did everything right. Talk to the safeguarding lead or your coordinator about how you're feeling. Keep the details away from friends.",
                    ],
                    example: nil
                ),
            ],
            questions: [
                CheckQuestion(
                    id: "q1",
                    scenario: "Your mentee mentions that an older boy online keeps asking them for photos and says he'll share their chats if they don't send them. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Ask to see the messages so you can find out who he is.",
                            isRight: false,
                            feedback: "You want to help, and that's good. But looking into it yourself isn't your job, and it could make things harder. Don't ask to see images or messages. Pass it to the safeguarding lead."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Stay calm, tell them you can't keep this between you, and tell the safeguarding lead today and press \"I'm worried\".",
                            isRight: true,
                            feedback: "Yes. This is a risk of harm. You listened, you were honest, and you passed it to the right person the same day."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Tell them to block him and delete the chat.",
                            isRight: false,
                            feedback: "Blocking sounds sensible, but this needs an adult who knows what to do. Deleting things can also lose what's needed to keep them safe. Tell the safeguarding lead."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q2",
                    scenario: "Your mentee says, \"Sometimes I think everyone would be better off without me.\" What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Listen calmly, tell them you're glad they told you and that you need to tell the safeguarding lead, and go to the safeguarding lead straight away.",
                            isRight: true,
                            feedback: "Right. This could mean they're thinking about hurting themselves, so it needs an adult now, not later. If you think they're in danger right now, stay with them and get the nearest adult or call 999."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Tell them that's not true, cheer them up, and keep an eye on them.",
                            isRight: false,
                            feedback: "Wanting to make them feel better is kind. But this is too serious to handle on your own. The safeguarding lead needs to know today."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Ask them lots of questions to work out how serious they are.",
                            isRight: false,
                            feedback: "It's natural to want to know more. But you don't need to work out how serious it is. That's the safeguarding lead's job. Listen, then tell them straight away."
                        ),
                    ]
                ),
                CheckQuestion(
                    id: "q3",
                    scenario: "After telling the safeguarding lead about something your mentee said, you can't stop thinking about it and you feel guilty. What do you do?",
                    options: [
                        CheckOption(
                            id: "a",
                            text: "Tell your close friends what happened so you can get it off your chest.",
                            isRight: false,
                            feedback: "Needing to talk is completely normal. But the details need to stay private. Talk to the safeguarding lead or your coordinator, who already know and can support you."
                        ),
                        CheckOption(
                            id: "b",
                            text: "Keep it to yourself. You're the mentor, so you should cope.",
                            isRight: false,
                            feedback: "Being a mentor doesn't mean coping alone. Asking for support is what mentors are meant to do."
                        ),
                        CheckOption(
                            id: "c",
                            text: "Talk to the safeguarding lead or your coordinator about how you're feeling.",
                            isRight: true,
                            feedback: "Yes. You did the right thing by telling, and it's normal to feel this way afterwards. They're there for you too."
                        ),
                    ]
                ),
            ]
        ),
    ]
}
