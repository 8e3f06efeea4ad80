from decimal import Decimal

import factory

from courses.models import Course, Lesson
from enrollments.models import Enrollment, EnrollmentEvent, LessonCompletion
from payments.models import Payment
from users.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = "Claude"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    role = User.Role.LEARNER
    password = factory.django.Password("motdepasse-solide")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Formation {n}")
    status = Course.Status.PUBLISHED
    price = Decimal("0")
    duration_hours = Decimal("7")

    @factory.post_generation
    def lessons(course, create, count, **kwargs):
        if create and count:
            Lesson.objects.bulk_create(
                Lesson(course=course, title=f"Leçon {i}", position=i)
                for i in range(1, count + 1)
            )


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Leçon {n}")
    position = factory.Sequence(lambda n: n)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    provider = Payment.Provider.STRIPE
    amount = Decimal("490.00")
    status = Payment.Status.CONFIRMED


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    payment_method = Enrollment.PaymentMethod.FREE
    status = Enrollment.Status.ACTIVE


def complete_lessons(enrollment, count):
    """Mark the first `count` lessons of the enrollment's course as done."""
    lessons = enrollment.course.lessons.order_by("position")[:count]
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrollment=enrollment, lesson=lesson) for lesson in lessons
    )


def record_events(enrollment, count):
    """Add `count` events to the enrollment's history, each by its learner."""
    EnrollmentEvent.objects.bulk_create(
        EnrollmentEvent(
            enrollment=enrollment,
            kind=EnrollmentEvent.Kind.LESSON_COMPLETED,
            source=EnrollmentEvent.Source.API,
            actor_id=enrollment.user_id,
        )
        for _ in range(count)
    )
