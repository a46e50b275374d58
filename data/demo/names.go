package demo

// A name pool: given and family names that belong together, so that a demo
// student is called something a real family would call a child.
type culture struct {
	given  []string
	family []string
	langs  string
}

// The first students of every demo school carry these names, so that tests
// and screenshots can rely on every script being present.
var headline = []struct{ given, family, langs string }{
	{"Zoë", "Okafor", "English"},
	{"José", "García", "Spanish, English"},
	{"Văn An", "Nguyễn", "Vietnamese, English"},
	{"Σοφία", "Παπαδοπούλου", "Greek, English"},
	{"Алексей", "Иванов", "Russian, English"},
	{"太郎", "山田", "Japanese, English"},
	{"Aroha", "Ngata", "Māori, English"},
	{"Oluwaseun", "Adeyemi", "Yoruba, English"},
	{"Łukasz", "Wiśniewski", "Polish, English"},
	{"ليلى", "حداد", "Arabic, English"},
}

var cultures = []culture{
	{[]string{"Oliver", "Amelia", "Jack", "Isla", "Harry", "Ava", "Noah", "Mia", "Leo", "Grace", "Freya", "Charlie", "Ruby", "Alfie", "Evie", "Zoë", "Chloé", "Siân", "Niamh", "Seán"},
		[]string{"Smith", "Brown", "Taylor", "Wilson", "O'Connor", "Evans", "Thomas", "Roberts", "Walker", "Hughes", "Davies", "Clarke", "Murphy", "Kelly"}, "English"},
	{[]string{"José", "María", "Lucía", "Mateo", "Sofía", "Martín", "Valentina", "Álvaro", "Inés", "Hugo"},
		[]string{"García", "Fernández", "Núñez", "López", "Martínez", "Sánchez", "Gómez", "Peña"}, "Spanish, English"},
	{[]string{"Văn An", "Thị Mai", "Minh Khoa", "Ngọc Ánh", "Đức Anh", "Thu Hằng"},
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"}, "Vietnamese, English"},
	{[]string{"Σοφία", "Γιώργος", "Ελένη", "Νίκος", "Μαρία", "Δημήτρης"},
		[]string{"Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Νικολάου"}, "Greek, English"},
	{[]string{"Алексей", "Анна", "Дмитрий", "Мария", "Иван", "Екатерина", "Ольга"},
		[]string{"Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов"}, "Russian, English"},
	{[]string{"太郎", "花子", "健太", "さくら", "翔", "陽菜"},
		[]string{"山田", "佐藤", "鈴木", "高橋", "田中"}, "Japanese, English"},
	{[]string{"小明", "娜", "伟", "静", "浩然", "欣怡"},
		[]string{"王", "李", "张", "刘", "陈"}, "Mandarin, English"},
	{[]string{"Aroha", "Tama", "Mere", "Nikau", "Anahera", "Wiremu"},
		[]string{"Ngata", "Walker", "Parata", "Tipene", "Henare"}, "Māori, English"},
	{[]string{"Oluwaseun", "Chidinma", "Adebayo", "Ngozi", "Emeka", "Funmilayo"},
		[]string{"Adeyemi", "Okafor", "Balogun", "Eze", "Okonkwo"}, "Yoruba, English"},
	{[]string{"Zofia", "Łukasz", "Jörg", "Çağla", "Søren", "Åsa", "Małgorzata"},
		[]string{"Wiśniewska", "Kowalski", "Müller", "Yılmaz", "Østergaard", "Ångström"}, "English, German"},
	{[]string{"Omar", "Layla", "Yusuf", "Amira", "ليلى", "محمد"},
		[]string{"Haddad", "Khalil", "Mansour", "حداد"}, "Arabic, English"},
	{[]string{"Priya", "Arjun", "Ananya", "Rohan", "Kavya"},
		[]string{"Sharma", "Patel", "Singh", "Iyer", "Reddy"}, "Hindi, English"},
}

var mentorGiven = []string{"Sarah", "David", "Priya", "James", "Fatima", "Michael", "Hannah", "Kenji", "Lucía", "Tom", "Aisha",
	"Peter", "Mei", "Rachel", "Olu", "Grace", "Daniel", "Elena", "Samuel", "Ingrid", "Marcus", "Nadia", "Chris", "Yuki"}
var mentorFamily = []string{"Tanaka", "Evans", "Okoro", "Lindqvist", "Campbell", "Rahman", "Moreau", "Schmidt", "Baker",
	"Singh", "Kowalczyk", "Ortiz", "Chen", "Novak", "Fischer", "Ali", "Harris", "Bianchi", "Dubois", "Murray"}

var interests = []string{"football", "art", "music", "coding", "reading", "science", "drama", "basketball", "cooking",
	"gaming", "dance", "history", "animals", "photography", "chess", "maths", "writing", "swimming"}

var topics = []string{"schoolwork", "friendships", "family", "attendance", "exams", "future plans", "hobbies",
	"confidence", "behaviour", "wellbeing", "transition", "homework"}

var sharedNotes = []string{
	"Talked about the week at school; homework is on track.",
	"Worked on a revision timetable together for the maths test.",
	"Discussed joining the after-school coding club; keen to try.",
	"Practised the presentation for English; much more confident by the end.",
	"Reviewed attendance this half term and set a small target.",
	"Talked about friendships at lunchtime; has found a new group.",
	"Looked at college courses and what they need for entry.",
	"Played chess while talking about the week; relaxed and chatty.",
}

var confidentialNotes = []string{
	"Mentioned worries at home; passed to the safeguarding lead as agreed.",
	"Upset about a falling-out; follow up with head of year.",
	"Said sleep has been poor; coordinator informed.",
}

var followUps = []string{"Bring the revision timetable next week.", "Check in with form tutor about homework.",
	"Find the club's sign-up form.", "", "", "Ask about the art competition deadline."}

var goalTitles = map[string][]string{
	"academic":         {"Hand in homework on time", "Raise maths grade by one step", "Read for 20 minutes each day", "Prepare for end-of-year exams"},
	"attendance":       {"Attendance above 95% this term", "Arrive on time every day"},
	"social-emotional": {"Speak up once in each lesson", "Use calm-down strategies when frustrated", "Join a lunchtime club"},
	"career":           {"Research three possible careers", "Arrange a work-experience placement"},
	"other":            {"Learn to ride the bus to school alone", "Take part in the school play"},
}

var checkTypes = []string{"DBS enhanced", "DBS enhanced", "Background check", "Working With Children Check"}

var streets = []string{"Mill Lane", "Station Road", "Church Street", "Orchard Way", "Park Avenue"}
